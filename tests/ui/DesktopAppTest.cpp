// The app as a whole: where the desktop has no tray it is a normal window that quits on close (and says so);
// the language chosen in Settings applies at once, keeping the session, the tab and the selection; "System
// language" follows the system's.
#include "UiFixture.h"

#include "common/Labels.h"
#include "settings/SettingsDialog.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

namespace countersign::test {

class DesktopApp : public UiFixture
{
protected:
    // Opens Settings (a modal dialog, as from the File menu), picks a language and presses OK.
    void chooseLanguage(const QString &code)
    {
        bool seen = false;
        QTimer::singleShot(0, app.get(), [&] {
            auto *dialog = qobject_cast<ui::SettingsDialog *>(QApplication::activeModalWidget());
            ASSERT_TRUE(dialog);
            seen = true;
            auto *language = dialog->findChild<QComboBox *>(QStringLiteral("settingsLanguage"));
            language->setCurrentIndex(language->findData(code));
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        app->openSettings();
        EXPECT_TRUE(seen);
    }

    ui::MainWindow &windowAfterSwitch(ui::MainWindow *before)
    {
        EXPECT_TRUE(QTest::qWaitFor([&] { return app->mainWindow() && app->mainWindow() != before && app->mainWindow()->isVisible(); }, 10000));
        return *app->mainWindow();
    }
};

TEST_F(DesktopApp, WithoutATrayItIsANormalWindowThatQuitsOnClose)
{
    // With a tray, closing the window only hides it.
    ui::MainWindow *window = &signInAs(QStringLiteral("mia"));
    QSignalSpy quit(app.get(), &ui::DesktopApp::quitRequested);
    window->close();
    EXPECT_FALSE(window->isVisible());
    EXPECT_EQ(quit.count(), 0);

    tray.available = false;
    tray.shown.clear();
    connection.signOut();
    settings.setUsername(QString());  // a first start on this desktop
    makeApp();
    QSignalSpy quitNoTray(app.get(), &ui::DesktopApp::quitRequested);
    window = &signInAs(QStringLiteral("mia"));
    EXPECT_TRUE(window->statusBar()->currentMessage().contains(QStringLiteral("no system tray"))) << window->statusBar()->currentMessage().toStdString();
    submit(QStringLiteral("t-1"));
    ASSERT_TRUE(waitForRows(*window, 1));
    EXPECT_TRUE(tray.shown.isEmpty()) << "nothing is shown on a tray that is not there";
    window->close();
    EXPECT_EQ(quitNoTray.count(), 1) << "closing the only way back quits";
}

TEST_F(DesktopApp, TheLanguageChosenInSettingsAppliesAtOnceAndSystemFollowsTheSystem)
{
    const QLocale systemBefore;
    const QString id = submit(QStringLiteral("t-1"));
    ui::MainWindow *window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 1));
    ASSERT_TRUE(selectAndShow(*window, id));
    window->action(QStringLiteral("actionShowHistory"))->trigger();
    EXPECT_EQ(window->action(QStringLiteral("actionApprove"))->text(), QStringLiteral("&Approve"));

    chooseLanguage(QStringLiteral("de"));
    window = &windowAfterSwitch(window);
    EXPECT_EQ(settings.language(), QStringLiteral("de"));
    EXPECT_EQ(window->action(QStringLiteral("actionApprove"))->text(), QStringLiteral("&Freigeben"));
    EXPECT_EQ(ui::Labels::status(QStringLiteral("pending")), QStringLiteral("Offen"));
    ASSERT_TRUE(tray.menu);
    EXPECT_EQ(tray.menu->actions().first()->text(), QStringLiteral("Countersign ö&ffnen")) << "the tray menu too";
    EXPECT_EQ(window->tabs().currentIndex(), 1) << "the same tab";
    EXPECT_EQ(window->currentApprovalId(), id) << "the same selection";
    EXPECT_EQ(connection.state(), client::Connection::State::Online) << "the same session, no new sign-in";

    // "System language" follows the system's (the fixture's Translations stands for it; see LanguageAndTheme
    // for a German system and for C/POSIX).
    chooseLanguage(QString());
    window = &windowAfterSwitch(window);
    EXPECT_EQ(settings.language(), QString());
    EXPECT_EQ(window->action(QStringLiteral("actionApprove"))->text(),
              QLocale().language() == QLocale::German ? QStringLiteral("&Freigeben") : QStringLiteral("&Approve"));
    chooseLanguage(QStringLiteral("en"));
    window = &windowAfterSwitch(window);
    EXPECT_EQ(window->action(QStringLiteral("actionApprove"))->text(), QStringLiteral("&Approve"));
    EXPECT_EQ(window->findChild<QLabel *>(QStringLiteral("historyCount"))->text(), QStringLiteral("0 decided items"))
        << "English plurals come from the plural-only English catalogue, not \"item(s)\"";
    EXPECT_EQ(QLocale(), systemBefore.language() == QLocale::English ? systemBefore : QLocale(QStringLiteral("en")));
}

} // namespace countersign::test
