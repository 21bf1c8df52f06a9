// Sign-in as a user meets it: a wrong password and an unreachable server say so in words; a right one opens
// the main window with the queue; the token is kept and the next start resumes without the password.
#include "UiFixture.h"

#include "common/ElidedLabel.h"
#include "main/ConnectionIndicator.h"

#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QStatusBar>
#include <QToolButton>

namespace countersign::test {

class SignIn : public UiFixture
{
protected:
    // Signs in as mia at `server` through the dialog (already shown) and returns what it then says.
    QString dialogSays(const QUrl &server, const QString &password)
    {
        ui::SignInDialog *dialog = app->signInDialog();
        EXPECT_TRUE(dialog && dialog->isVisible());
        if (!dialog)
            return {};
        dialog->serverEdit().setText(server.toString());
        dialog->usernameEdit().setText(QStringLiteral("mia"));
        QTest::keyClicks(&dialog->passwordEdit(), password);
        QTest::keyClick(&dialog->passwordEdit(), Qt::Key_Return);
        EXPECT_TRUE(QTest::qWaitFor([&] { return dialog->passwordEdit().isEnabled(); }, 20000)) << "the answer came";
        return dialog->error();
    }

    // Runs `countersign watch` as mia at `server` with `password` (no keychain, a home of its own) and returns
    // what it says on standard error.
    QString watchSays(const QUrl &server, const QString &password)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("COUNTERSIGN_CA_FILE"));
        env.insert(QStringLiteral("COUNTERSIGN_NO_KEYCHAIN"), QStringLiteral("1"));
        env.insert(QStringLiteral("APPROVER_PASSWORD"), password);
        env.insert(QStringLiteral("HOME"), dir.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        QProcess watch;
        watch.setProcessEnvironment(env);
        watch.start(QStringLiteral(CLI_PATH), {QStringLiteral("watch"), QStringLiteral("--server"), server.toString(), QStringLiteral("--user"),
                                               QStringLiteral("mia"), QStringLiteral("--password-env"), QStringLiteral("APPROVER_PASSWORD")});
        // The in-process server keeps serving while the CLI runs.
        EXPECT_TRUE(QTest::qWaitFor([&] { return watch.state() == QProcess::NotRunning; }, 30000)) << "watch did not give up";
        EXPECT_EQ(watch.exitCode(), 3);
        return QString::fromUtf8(watch.readAllStandardError());
    }
};

TEST_F(SignIn, AWrongPasswordIsSaidInWordsAndNothingOpens)
{
    settings.setServerUrl(serverUrl());
    app->start();
    ui::SignInDialog *dialog = app->signInDialog();
    ASSERT_TRUE(dialog);
    dialog->usernameEdit().setText(QStringLiteral("mia"));
    QTest::keyClicks(&dialog->passwordEdit(), QStringLiteral("wrong"));
    QTest::keyClick(&dialog->passwordEdit(), Qt::Key_Return);
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->error() == QStringLiteral("Wrong user name or password."); }, 10000))
        << dialog->error().toStdString();
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_EQ(app->mainWindow(), nullptr);
    EXPECT_TRUE(dialog->passwordEdit().text().isEmpty()) << "the password is not kept in the field";
}

// Issue 15: the desktop and the CLI had each their own REST code and their own words for the same failure
// ("Wrong user name or password." in the dialog, "wrong user name or password for mia" in the terminal). Now
// one function says it: a refused password, a server out of reach and an untrusted certificate read the same
// in the sign-in dialog and in `countersign watch` (after who was signing in).
TEST_F(SignIn, TheSameFailureReadsTheSameInTheDialogAndInCountersignWatch)
{
    TestServer tls([](server::Config &c) {  // a certificate of a private CA nobody here trusts
        c.tls.certFile = QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/server-a.pem");
        c.tls.keyFile = QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/server-a.key");
    });
    const QUrl untrusted(QStringLiteral("https://127.0.0.1:%1").arg(tls.server().port()));
    settings.setServerUrl(serverUrl());
    app->start();
    const auto expectSame = [this](const QUrl &server, const QString &password, const QString &start) {
        const QString dialog = dialogSays(server, password);
        EXPECT_TRUE(dialog.startsWith(start)) << dialog.toStdString();
        EXPECT_EQ(watchSays(server, password).toStdString(), QStringLiteral("countersign: signing in as mia: %1\n").arg(dialog).toStdString());
    };
    expectSame(serverUrl(), QStringLiteral("wrong"), QStringLiteral("Wrong user name or password."));
    expectSame(untrusted, QStringLiteral("correct horse"), QStringLiteral("The server's TLS certificate is not trusted ("));
    proxy.setRefusing(true);
    expectSame(serverUrl(), QStringLiteral("correct horse"), QStringLiteral("Cannot reach %1: ").arg(serverUrl().toString()));
}

TEST_F(SignIn, AnUnreachableServerAndABadAddressAreSaidInWords)
{
    proxy.setRefusing(true);
    settings.setServerUrl(serverUrl());
    app->start();
    ui::SignInDialog *dialog = app->signInDialog();
    dialog->usernameEdit().setText(QStringLiteral("mia"));
    QTest::keyClicks(&dialog->passwordEdit(), QStringLiteral("correct horse"));
    QTest::keyClick(&dialog->passwordEdit(), Qt::Key_Return);
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->error().startsWith(QStringLiteral("Cannot reach")); }, 10000))
        << dialog->error().toStdString();

    dialog->serverEdit().setText(QStringLiteral("ftp://example"));
    QTest::keyClicks(&dialog->passwordEdit(), QStringLiteral("x"));
    QTest::keyClick(&dialog->passwordEdit(), Qt::Key_Return);
    EXPECT_TRUE(dialog->error().startsWith(QStringLiteral("Enter the server's address"))) << dialog->error().toStdString();
}

TEST_F(SignIn, TheRightPasswordOpensTheQueueAndTheNextStartResumesWithoutIt)
{
    submit(QStringLiteral("t-1"));
    ui::MainWindow &window = signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(window, 1));
    EXPECT_EQ(visibleTitles(window), QStringList{QStringLiteral("Launch email t-1")});
    EXPECT_EQ(settings.username(), QStringLiteral("mia"));

    // A new app on the same settings and keychain: no dialog, straight to the queue.
    app.reset();
    connection.signOut();
    client::Connection second(uiTimings());
    ui::DesktopApp again(second, credentials, settings, translations, tray, server.clock(),
                         [this](const QUrl &, const QString &user) { return dir.filePath(user + QStringLiteral(".db")); });
    // signOut above revoked that token on the server: save a fresh one as an earlier run would have.
    credentials.save(client::CredentialStore::keyFor(serverUrl().toString(), QStringLiteral("mia")),
                     server.login(QStringLiteral("mia"), "correct horse"));
    again.start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return second.state() == client::Connection::State::Online; }, 10000))
        << second.lastError().toStdString();
    EXPECT_TRUE(again.signInDialog() == nullptr || !again.signInDialog()->isVisible());
    ASSERT_TRUE(again.mainWindow());
    EXPECT_EQ(again.mainWindow()->queueView().model()->rowCount(), 1);
}

// Issue 13: after a wrong password the dialog reset the server to the default and cleared the user name.
TEST_F(SignIn, AfterAWrongPasswordWhatWasTypedStaysAndOnlyThePasswordIsCleared)
{
    ui::SignInDialog *dialog = typeSignIn(QStringLiteral("mia"), QStringLiteral("wrong"));  // a first start: the settings hold the default server and no user
    ASSERT_TRUE(dialog);
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->error() == QStringLiteral("Wrong user name or password."); }, 10000))
        << dialog->error().toStdString();
    EXPECT_EQ(dialog->serverEdit().text(), serverUrl().toString()) << "the server typed stays";
    EXPECT_EQ(dialog->usernameEdit().text(), QStringLiteral("mia")) << "the user name typed stays";
    EXPECT_TRUE(dialog->passwordEdit().text().isEmpty());
    EXPECT_EQ(dialog->focusWidget(), &dialog->passwordEdit()) << "ready for the password again";

    // The second try needs only the password.
    QTest::keyClicks(&dialog->passwordEdit(), QStringLiteral("correct horse"));
    QTest::keyClick(&dialog->passwordEdit(), Qt::Key_Return);
    ASSERT_TRUE(QTest::qWaitFor([&] { return app->mainWindow() && app->mainWindow()->isVisible(); }, 10000)) << dialog->error().toStdString();
}

// Issue 13: with no keychain, a start while the server was down showed only "Cannot reach…", and the cached
// queue could not be opened. Now the last user's cache opens offline (read, decide into the outbox) and the
// password is asked for when the server answers. The password is never written anywhere.
TEST_F(SignIn, WithNoTokenTheLastUsersCacheOpensOfflineAndThePasswordIsAskedWhenTheServerIsBack)
{
    const QString id = submit(QStringLiteral("t-1"));
    ASSERT_TRUE(waitForRows(signInAs(QStringLiteral("mia")), 1));

    // The next start: no token (no keychain), the server down.
    app.reset();
    credentials.remove(client::CredentialStore::keyFor(serverUrl().toString(), QStringLiteral("mia")));
    proxy.setRefusing(true);
    makeApp();
    app->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return app->mainWindow() && app->mainWindow()->isVisible(); }, 5000))
        << "the cached queue opens";
    ui::MainWindow &window = *app->mainWindow();
    EXPECT_TRUE(app->signInDialog() == nullptr || !app->signInDialog()->isVisible()) << "no password prompt while the server is away";
    ASSERT_TRUE(waitForRows(window, 1));
    auto *indicator = window.findChild<ui::ConnectionIndicator *>();
    ASSERT_TRUE(indicator);
    EXPECT_TRUE(indicator->text().startsWith(QStringLiteral("Offline: sign in when the server is back"))) << indicator->text().toStdString();
    EXPECT_TRUE(indicator->findChild<QToolButton *>(QStringLiteral("signInNow"))->isVisibleTo(indicator));

    // Deciding offline goes into the outbox.
    ASSERT_TRUE(selectAndShow(window, id));
    window.action(QStringLiteral("actionApprove"))->trigger();
    ASSERT_TRUE(waitForCache());
    EXPECT_EQ(app->session()->store().outboxSize(), 1);
    EXPECT_TRUE(indicator->text().contains(QStringLiteral("1 decision(s) queued"))) << indicator->text().toStdString();

    // The server comes back: the sign-in prompt appears, filled in but for the password.
    proxy.setRefusing(false);
    ASSERT_TRUE(QTest::qWaitFor([&] { return app->signInDialog() && app->signInDialog()->isVisible(); }, 5000));
    ui::SignInDialog *dialog = app->signInDialog();
    EXPECT_EQ(dialog->serverEdit().text(), serverUrl().toString());
    EXPECT_EQ(dialog->usernameEdit().text(), QStringLiteral("mia"));
    QTest::keyClicks(&dialog->passwordEdit(), QStringLiteral("correct horse"));
    QTest::keyClick(&dialog->passwordEdit(), Qt::Key_Return);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Online; }, 10000)) << dialog->error().toStdString();
    EXPECT_FALSE(dialog->isVisible());
    EXPECT_EQ(app->mainWindow(), &window) << "the same window and session";
    ASSERT_TRUE(waitForCallbacks(1)) << "the queued decision went out";
    EXPECT_EQ(lastCallback().value(QLatin1String("decision")).toString(), QStringLiteral("approve"));

    qsettings.sync();
    QFile ini(qsettings.fileName());
    ASSERT_TRUE(ini.open(QIODevice::ReadOnly));
    EXPECT_FALSE(ini.readAll().contains("correct horse")) << "the password is never stored";
}

// Issue 13: "Reconnect now" in the status bar tries at once; the status words never widen the window.
TEST_F(SignIn, TheStatusBarOffersReconnectNowAndItsWordsNeverWidenTheWindow)
{
    ui::MainWindow &window = signInAs(QStringLiteral("mia"));
    auto *indicator = window.findChild<ui::ConnectionIndicator *>();
    ASSERT_TRUE(indicator);
    auto *reconnect = indicator->findChild<QToolButton *>(QStringLiteral("reconnectNow"));
    ASSERT_TRUE(reconnect);
    EXPECT_FALSE(reconnect->isVisibleTo(indicator)) << "nothing to reconnect while online";

    proxy.setRefusing(true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Offline; }, 5000));
    EXPECT_TRUE(reconnect->isVisibleTo(indicator));
    reconnect->click();
    EXPECT_EQ(connection.state(), client::Connection::State::Connecting) << "the click tries at once";
    proxy.setRefusing(false);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Online; }, 5000));

    // However long the words, the indicator asks for little room; the whole text is in the tooltip.
    auto *words = window.findChild<QLabel *>(QStringLiteral("connectionStatus"));
    ASSERT_TRUE(words);
    const QString longText = QStringLiteral("Offline: sign in when the server is back — 1234 decisions queued, and more words");
    words->setText(longText);
    EXPECT_LT(indicator->minimumSizeHint().width(), 250);
    window.resize(1024, 640);
    window.show();
    EXPECT_LE(window.width(), 1024);
    words->resize(120, words->height());
    static_cast<ui::ElidedLabel *>(words)->setFullText(longText);
    EXPECT_TRUE(words->toolTip().contains(longText)) << words->toolTip().toStdString();
}

} // namespace countersign::test
