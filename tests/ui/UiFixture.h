#pragma once

#include "Scenario.h"

#include "app/DesktopApp.h"
#include "common/Translations.h"
#include "decide/DecisionPanel.h"
#include "detail/ApprovalDetailView.h"
#include "main/MainWindow.h"
#include "settings/AppSettings.h"
#include "signin/SignInDialog.h"
#include "tray/TrayIcon.h"

#include "client/ClientSession.h"
#include "client/Connection.h"
#include "client/CredentialStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

namespace countersign::test {

// A tray for tests: the offscreen platform has none. Records what the app shows.
class FakeTrayIcon final : public ui::TrayIcon
{
    Q_OBJECT
public:
    struct Shown
    {
        QString title;
        QString text;
        Urgency urgency;
    };
    bool available = true;
    int pending = -1;
    QList<Shown> shown;
    QMenu *menu = nullptr;

    bool isAvailable() const override { return available; }
    void show() override {}
    void setPendingCount(int count) override { pending = count; }
    void setMenu(QMenu *m) override { menu = m; }
    void notify(const QString &title, const QString &text, Urgency urgency) override { shown.append({title, text, urgency}); }
    void click() { Q_EMIT notificationClicked(); }
};

inline client::ConnectionTimings uiTimings()
{
    client::ConnectionTimings t;
    t.pingIntervalMs = 500;
    t.pongTimeoutMs = 1000;
    t.initialBackoffMs = 20;
    t.maxBackoffMs = 160;
    return t;
}

// The real desktop app (DesktopApp: sign-in, main window, tray controller) in the Scenario; settings and
// caches in a temp dir.
class UiFixture : public ::testing::Test, protected Scenario
{
protected:
    // The server's policies (routing, deadlines...): the seed's routing unless a test fixture asks for more.
    explicit UiFixture(const QByteArray &policies = SeedRouting)
        : Scenario(policies)
    {
    }

    QTemporaryDir dir;
    QSettings qsettings{dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat};
    ui::AppSettings settings{qsettings};
    client::MemoryCredentialStore credentials;
    FakeTrayIcon tray;
    ui::Translations translations;  // English until a test picks another; removed from the app at the end
    client::Connection connection{uiTimings()};
    std::unique_ptr<ui::DesktopApp> app;

    void SetUp() override { makeApp(); }

    // A new DesktopApp on the same parts (after changing the tray, say).
    void makeApp()
    {
        app.reset();
        app = std::make_unique<ui::DesktopApp>(connection, credentials, settings, translations, tray, server.clock(),
                                               [this](const QUrl &, const QString &user) { return dir.filePath(user + QStringLiteral(".db")); });
    }

    void TearDown() override { app.reset(); }

    // Starts the app and fills in its sign-in dialog as a user would: the server's address, `user`, `password`,
    // then Return. Returns the dialog (null if the app showed none).
    ui::SignInDialog *typeSignIn(const QString &user, const QString &password)
    {
        app->start();
        ui::SignInDialog *dialog = app->signInDialog();
        EXPECT_TRUE(dialog && dialog->isVisible());
        if (!dialog)
            return nullptr;
        dialog->serverEdit().setText(serverUrl().toString());
        dialog->usernameEdit().setText(user);
        QTest::keyClicks(&dialog->passwordEdit(), password);
        QTest::keyClick(&dialog->passwordEdit(), Qt::Key_Return);
        return dialog;
    }

    // Signs in through the dialog, as a user would, and waits for the main window.
    ui::MainWindow &signInAs(const QString &user)
    {
        settings.setServerUrl(serverUrl());
        ui::SignInDialog *dialog = typeSignIn(user, QStringLiteral("correct horse"));
        EXPECT_TRUE(QTest::qWaitFor([&] { return app->mainWindow() && app->mainWindow()->isVisible(); }, 10000))
            << (dialog ? dialog->error().toStdString() : std::string());
        EXPECT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Online; }, 10000));
        return *app->mainWindow();
    }

    QStringList visibleTitles(ui::MainWindow &w)
    {
        QStringList titles;
        QAbstractItemModel *m = w.queueView().model();
        for (int row = 0; row < m->rowCount(); ++row)
            titles << m->index(row, 0).data().toString();
        return titles;
    }

    bool waitForRows(ui::MainWindow &w, int rows)
    {
        return QTest::qWaitFor([&] { return w.queueView().model()->rowCount() == rows; }, 10000);
    }

    // The detail shows `id`: a selected approval is read from the local cache on its thread.
    bool waitForDetail(ui::MainWindow &w, const QString &id)
    {
        return QTest::qWaitFor([&] { return w.detail().approval().id == id; }, 10000);
    }

    bool selectAndShow(ui::MainWindow &w, const QString &id) { return w.selectApproval(id) && waitForDetail(w, id); }

    // Everything asked of the local cache so far is committed and announced (it works on its own thread).
    bool waitForCache()
    {
        bool idle = false;
        app->session()->store().whenIdle(nullptr, [&] { idle = true; });
        return QTest::qWaitFor([&] { return idle; }, 10000);
    }

};

} // namespace countersign::test
