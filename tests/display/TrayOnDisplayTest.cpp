// The tray's parts in this process on the real display (xcb, jwm's tray, the private session bus):
// the real SystemTrayIcon's tooltip follows the pending count (a tooltip's text cannot be read from outside
// the program without OCR, so this one is read in-process), and DesktopNotifications speaks the Desktop
// Notifications protocol to a service on the bus, reports its clicks, and notices a service that comes later.
#include "NotificationReceiver.h"
#include "TestServer.h"

#include "app/DesktopApp.h"
#include "common/Translations.h"
#include "settings/AppSettings.h"
#include "tray/DesktopNotifications.h"
#include "tray/SystemTrayIcon.h"
#include "tray/TrayController.h"

#include "client/Connection.h"
#include "client/CredentialStore.h"

#include <QDBusConnection>
#include <QIcon>
#include <QSettings>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

namespace countersign::test {

TEST(TrayOnDisplay, TheTooltipCarriesThePendingCount)
{
    ASSERT_TRUE(QTest::qWaitFor([] { return QSystemTrayIcon::isSystemTrayAvailable(); }, 10000)) << "no system tray on the display";
    TestServer server([](server::Config &c) { usePolicies(c, SeedRouting); });
    server.addTeam();
    Agent agent(server);
    QTemporaryDir dir;
    QSettings qsettings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ui::AppSettings settings(qsettings);
    client::MemoryCredentialStore credentials;
    ui::Translations translations;
    translations.apply(QStringLiteral("en"));
    client::Connection connection;
    ui::SystemTrayIcon tray;
    ui::DesktopApp app(connection, credentials, settings, translations, tray, server.clock(),
                       [&](const QUrl &, const QString &user) { return dir.filePath(user + QStringLiteral(".db")); });
    ASSERT_TRUE(tray.isAvailable());
    EXPECT_EQ(tray.toolTip(), QStringLiteral("Countersign: nothing to approve"));

    app.signIn(QUrl(server.url(QString())), QStringLiteral("mia"), QStringLiteral("correct horse"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.server().hubSessions() == 1; }, 10000)) << connection.lastError().toStdString();
    const HttpResponse first = agent.submit(emailSubmission(QStringLiteral("t-1")));
    ASSERT_EQ(first.status, 202);
    ASSERT_EQ(agent.submit(emailSubmission(QStringLiteral("t-2"))).status, 202);
    EXPECT_TRUE(QTest::qWaitFor([&] { return tray.toolTip() == QStringLiteral("Countersign: 2 approvals waiting"); }, 10000))
        << tray.toolTip().toStdString();

    // Deciding one elsewhere brings the count down.
    server.decide(first.json().value(QLatin1String("approval_id")).toString(), QStringLiteral("approve"));
    EXPECT_TRUE(QTest::qWaitFor([&] { return tray.toolTip() == QStringLiteral("Countersign: 1 approval waiting"); }, 10000))
        << tray.toolTip().toStdString();
}

class Notifications : public ::testing::Test
{
protected:
    NotificationReceiver receiver;
    QIcon icon{QStringLiteral(":/icons/countersign.svg")};
};

TEST_F(Notifications, GoToTheDesktopServiceWithNameIconAndUrgencyAndReportClicks)
{
    ASSERT_TRUE(receiver.start()) << receiver.error().toStdString();
    ui::DesktopNotifications notifications(QDBusConnection::sessionBus(), icon);
    ASSERT_TRUE(notifications.isAvailable());
    QSignalSpy clicked(&notifications, &ui::DesktopNotifications::clicked);

    notifications.notify(QStringLiteral("New approval: Contract"), QStringLiteral("crew-a · priority critical · route Legal"), true);
    notifications.notify(QStringLiteral("New approval: Email"), QStringLiteral("crew-a · priority normal · route Manager"), false);
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 2; }, 5000));
    const NotificationReceiver::Received &critical = receiver.received().at(0);
    EXPECT_EQ(critical.appName, QStringLiteral("Countersign"));
    EXPECT_EQ(critical.summary, QStringLiteral("New approval: Contract"));
    EXPECT_EQ(critical.body, QStringLiteral("crew-a · priority critical · route Legal"));
    EXPECT_EQ(critical.urgency(), 2);
    EXPECT_EQ(critical.expireTimeout, 0) << "a critical one stays until dealt with";
    EXPECT_EQ(critical.imageSize(), QSize(64, 64));
    EXPECT_EQ(critical.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("io.countersign.Desktop"));
    EXPECT_EQ(receiver.received().at(1).urgency(), 1);

    // A click on the last one is a click on its item; on an older one it only opens the app.
    receiver.click(receiver.received().at(1).id);
    ASSERT_TRUE(clicked.wait(5000));
    EXPECT_TRUE(clicked.last().at(0).toBool());
    receiver.click(receiver.received().at(0).id);
    ASSERT_TRUE(clicked.wait(5000));
    EXPECT_FALSE(clicked.last().at(0).toBool());
    // Another program's notification (an id that is not ours) is not the app's business. The bus delivers the
    // service's signals in order: clicks on our older one (false) and our last one (true) after the foreign one
    // are markers; once the last has arrived, the foreign click has had its turn and must have left no trace.
    clicked.clear();
    receiver.click(999);
    receiver.click(receiver.received().at(0).id);
    receiver.click(receiver.received().at(1).id);
    QList<bool> seen;
    ASSERT_TRUE(QTest::qWaitFor([&] {
        seen.clear();
        for (const QList<QVariant> &c : std::as_const(clicked))
            seen.append(c.at(0).toBool());
        return seen.contains(true);
    }, 5000));
    EXPECT_EQ(seen, (QList<bool>{false, true})) << "only the clicks on our own notifications";
}

TEST_F(Notifications, WithoutAServiceTheTrayShowsThemAndALaterServiceIsUsed)
{
    ui::DesktopNotifications notifications(QDBusConnection::sessionBus(), icon);
    EXPECT_FALSE(notifications.isAvailable()) << "nothing owns org.freedesktop.Notifications on the test's bus yet";
    ASSERT_TRUE(receiver.start()) << receiver.error().toStdString();
    EXPECT_TRUE(QTest::qWaitFor([&] { return notifications.isAvailable(); }, 5000));
}

} // namespace countersign::test
