// The real countersign-desktop on a real X display with a window manager and its system tray, against a real
// countersignd, with a notification service the test owns (with-desktop.sh starts Xvfb, jwm and a private
// session bus; CTest runs it so). What a user would meet: the tray icon drawn in the tray, the window's icon,
// one desktop notification per new approval, and Ctrl+Q ending the program.
#include "NotificationReceiver.h"
#include "TestServer.h"
#include "X11Desktop.h"

#include <QDir>
#include <QGuiApplication>
#include <QScreen>
#include <QProcess>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <optional>

namespace countersign::test {

namespace {
const QColor IconBlue(0x15, 0x65, 0xc0);  // the frame of resources/icons/countersign.svg
}

class RealDesktop : public ::testing::Test
{
protected:
    TestServer server{[](server::Config &c) { usePolicies(c, SeedRouting); }};
    Agent agent{server};
    NotificationReceiver receiver;
    QTemporaryDir home;
    QProcess app;

    void SetUp() override
    {
        ASSERT_FALSE(qEnvironmentVariableIsEmpty("DISPLAY")) << "runs on a display: ctest -L display (with-desktop.sh)";
        ASSERT_TRUE(receiver.start()) << receiver.error().toStdString();
        // jwm's tray is up before the app looks for one (the app decides at start whether it lives in a tray).
        ASSERT_TRUE(QTest::qWaitFor([] { return QSystemTrayIcon::isSystemTrayAvailable(); }, 10000)) << "no system tray on the display";
        server.addTeam();
    }

    void TearDown() override
    {
        if (app.state() != QProcess::NotRunning) {
            app.kill();
            app.waitForFinished(5000);
        }
        if (HasFailure())
            std::fprintf(stderr, "countersign-desktop's output:\n%s\n", app.readAllStandardError().constData());
    }

    // The real program, signed in as mia (a Manager) with the password through the environment; its settings,
    // cache and keychain fallback in a home of its own.
    void startApp()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        env.insert(QStringLiteral("COUNTERSIGN_TEST_PASSWORD"), QStringLiteral("correct horse"));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(DESKTOP_PATH), {QStringLiteral("--server"), server.url(QString()), QStringLiteral("--user"), QStringLiteral("mia"),
                                                 QStringLiteral("--password-env"), QStringLiteral("COUNTERSIGN_TEST_PASSWORD")});
        ASSERT_TRUE(app.waitForStarted(5000)) << app.errorString().toStdString();
    }

    // The first window of the app that is shown and matches `pick`, waited for.
    std::optional<x11::Window> waitForWindow(const std::function<bool(const x11::Window &)> &pick, int timeoutMs = 15000)
    {
        std::optional<x11::Window> found;
        (void)QTest::qWaitFor([&] {
            for (const x11::Window &w : x11::windowsOf(app.processId())) {
                if (w.viewable && pick(w)) {
                    found = w;
                    return true;
                }
            }
            return app.state() == QProcess::NotRunning;
        }, timeoutMs);
        return found;
    }
    std::optional<x11::Window> waitForMainWindow()
    {
        return waitForWindow([](const x11::Window &w) { return w.geometry.width() >= 400 && w.geometry.height() >= 300; });
    }
    // The tray icon: a small window of the app's, embedded in jwm's tray at the bottom of the screen.
    std::optional<x11::Window> waitForTrayIcon()
    {
        const int panelTop = QGuiApplication::primaryScreen()->geometry().height() - 64;  // jwmrc: the panel is at the bottom
        return waitForWindow([panelTop](const x11::Window &w) {
            return w.geometry.width() >= 8 && w.geometry.width() <= 64 && w.geometry.height() <= 64 && w.geometry.y() >= panelTop;
        });
    }
    // Signed in with its WebSocket up: from here on a new approval is news for the app.
    bool waitUntilConnected() { return QTest::qWaitFor([&] { return server.server().hubSessions() == 1; }, 15000); }

    QString submit(const QString &taskId, const QString &priority = QStringLiteral("normal"))
    {
        return agent.submitNew(emailSubmission(taskId, {{QStringLiteral("title"), QStringLiteral("Launch email %1").arg(taskId)},
                                                        {QStringLiteral("priority"), priority}}));
    }
};

TEST_F(RealDesktop, TheTrayIconIsDrawnInTheTrayAndTheWindowHasTheIcon)
{
    startApp();
    const auto window = waitForMainWindow();
    ASSERT_TRUE(window) << "the main window did not open";
    const auto tray = waitForTrayIcon();
    ASSERT_TRUE(tray) << "no tray icon in jwm's tray (an app without an icon is refused one: \"No Icon set\")";

    // What is on screen where the icon sits: the icon's blue frame, not an empty slot of the panel's colour.
    QImage seen;
    const bool drawn = QTest::qWaitFor([&] {
        seen = x11::grabScreen(tray->geometry);
        return x11::shareOf(seen, IconBlue) >= 0.2;
    }, 10000);
    seen.save(QStringLiteral("display-tray-icon.png"));  // in the test's working directory, to look at
    EXPECT_TRUE(drawn) << "tray icon at " << tray->geometry.x() << "," << tray->geometry.y() << " is "
                       << tray->geometry.width() << "x" << tray->geometry.height() << ", with "
                       << int(100 * x11::shareOf(seen, IconBlue)) << "% of the icon's blue";

    // The window manager has the window's icon (what the task list and Alt+Tab show).
    EXPECT_TRUE(x11::property(window->id, QStringLiteral("_NET_WM_ICON")).contains(QLatin1String("Icon ("))) << "no _NET_WM_ICON";
}

TEST_F(RealDesktop, ANewApprovalRaisesOneDesktopNotificationWithItsTitle)
{
    startApp();
    ASSERT_TRUE(waitForMainWindow());
    ASSERT_TRUE(waitUntilConnected());
    EXPECT_TRUE(receiver.received().isEmpty()) << "nothing was waiting at sign-in";

    submit(QStringLiteral("t-1"), QStringLiteral("critical"));
    // A later one as a marker: pushes arrive in order, so a second notification of t-1 would come before it.
    submit(QStringLiteral("t-2"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() >= 2; }, 15000))
        << receiver.received().size() << " notification(s) reached the desktop's notification service";
    ASSERT_EQ(receiver.received().size(), 2);
    const NotificationReceiver::Received &first = receiver.received().at(0);
    EXPECT_EQ(first.appName, QStringLiteral("Countersign"));
    EXPECT_EQ(first.summary, QStringLiteral("New approval: Launch email t-1"));
    EXPECT_EQ(first.body, QStringLiteral("Marketing Copywriter · priority Critical · route Manager"));
    EXPECT_EQ(first.urgency(), 2) << "critical";
    EXPECT_EQ(first.imageSize(), QSize(64, 64)) << "the app's icon goes with it";
    EXPECT_TRUE(first.actions.contains(QStringLiteral("default"))) << "a click on it reaches the app";
    EXPECT_EQ(receiver.received().at(1).summary, QStringLiteral("New approval: Launch email t-2"));
    EXPECT_EQ(receiver.received().at(1).urgency(), 1);
}

TEST_F(RealDesktop, CtrlQInTheWindowEndsTheProgram)
{
    startApp();
    const auto window = waitForMainWindow();
    ASSERT_TRUE(window);
    ASSERT_TRUE(waitForTrayIcon()) << "with a tray, closing the window keeps the app: Quit is the way out";
    ASSERT_TRUE(x11::typeInto(window->id, QStringLiteral("ctrl+q")));
    EXPECT_TRUE(QTest::qWaitFor([&] { return app.state() == QProcess::NotRunning; }, 10000)) << "still running after File > Quit";
    EXPECT_EQ(app.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(app.exitCode(), 0);
}

} // namespace countersign::test
