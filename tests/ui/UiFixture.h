#pragma once

#include "CallbackReceiver.h"
#include "TcpProxy.h"
#include "TestServer.h"

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

// The real desktop app (DesktopApp: sign-in, main window, tray controller) against a real countersignd
// in-process, reached through a proxy the test can take away; settings and cache in a temp dir.
class UiFixture : public ::testing::Test
{
protected:
    // The server's policies (routing, deadlines...): the seed's routing unless a test fixture asks for more.
    explicit UiFixture(QByteArray policies = SeedRouting)
        : m_policies(std::move(policies))
    {
    }

    QByteArray m_policies;
    TestServer server{[this](server::Config &c) { usePolicies(c, m_policies); }};
    Agent agent{server};
    CallbackReceiver callbacks;
    TcpProxy proxy{server.server().port()};
    QTemporaryDir dir;
    QSettings qsettings{dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat};
    ui::AppSettings settings{qsettings};
    client::MemoryCredentialStore credentials;
    FakeTrayIcon tray;
    ui::Translations translations;  // English until a test picks another; removed from the app at the end
    client::Connection connection{uiTimings()};
    std::unique_ptr<ui::DesktopApp> app;

    void SetUp() override
    {
        server.addTeam();
        makeApp();
    }

    // A new DesktopApp on the same parts (after changing the tray, say).
    void makeApp()
    {
        app.reset();
        app = std::make_unique<ui::DesktopApp>(connection, credentials, settings, translations, tray, server.clock(),
                                               [this](const QUrl &, const QString &user) { return dir.filePath(user + QStringLiteral(".db")); });
    }

    void TearDown() override { app.reset(); }

    QUrl serverUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxy.port())); }

    // Signs in through the dialog, as a user would, and waits for the main window.
    ui::MainWindow &signInAs(const QString &user)
    {
        settings.setServerUrl(serverUrl());
        app->start();
        ui::SignInDialog *dialog = app->signInDialog();
        EXPECT_TRUE(dialog && dialog->isVisible());
        dialog->usernameEdit().setText(user);
        QTest::keyClicks(&dialog->passwordEdit(), QStringLiteral("correct horse"));
        QTest::keyClick(&dialog->passwordEdit(), Qt::Key_Return);
        EXPECT_TRUE(QTest::qWaitFor([&] { return app->mainWindow() && app->mainWindow()->isVisible(); }, 10000))
            << dialog->error().toStdString();
        EXPECT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Online; }, 10000));
        return *app->mainWindow();
    }

    QString submit(const QString &taskId, const QJsonObject &extra = {})
    {
        QJsonObject s = emailSubmission(taskId);
        s.insert(QStringLiteral("callback_url"), callbacks.url());
        s.insert(QStringLiteral("title"), QStringLiteral("Launch email %1").arg(taskId));
        s.insert(QStringLiteral("criteria"), QJsonArray{QStringLiteral("Matches the brand voice")});
        for (auto it = extra.begin(); it != extra.end(); ++it)
            s.insert(it.key(), it.value());
        const HttpResponse r = agent.submit(s);
        EXPECT_EQ(r.status, 202) << r.body.toStdString();
        return r.json().value(QLatin1String("approval_id")).toString();
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
        return QTest::qWaitFor([&] { return w.detail().approval().value(QLatin1String("id")).toString() == id; }, 10000);
    }

    bool selectAndShow(ui::MainWindow &w, const QString &id) { return w.selectApproval(id) && waitForDetail(w, id); }

    // Everything asked of the local cache so far is committed and announced (it works on its own thread).
    bool waitForCache()
    {
        bool idle = false;
        app->session()->store().whenIdle(nullptr, [&] { idle = true; });
        return QTest::qWaitFor([&] { return idle; }, 10000);
    }

    // The decision the agent's callback received last.
    QJsonObject lastCallback()
    {
        if (callbacks.received().isEmpty())
            return {};
        return QJsonDocument::fromJson(callbacks.received().last().body).object();
    }

    bool waitForCallbacks(int n)
    {
        return QTest::qWaitFor([&] { return callbacks.received().size() >= n; }, 10000);
    }
};

} // namespace countersign::test
