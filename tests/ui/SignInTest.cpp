// Sign-in as a user meets it: a wrong password and an unreachable server say so in words; a right one opens
// the main window with the queue; the token is kept and the next start resumes without the password.
#include "UiFixture.h"

#include <QLabel>

namespace countersign::test {

class SignIn : public UiFixture
{
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

} // namespace countersign::test
