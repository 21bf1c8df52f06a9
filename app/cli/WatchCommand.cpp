#include "WatchCommand.h"

#include "ApproverSignIn.h"
#include "CliCredentials.h"
#include "CliSupport.h"
#include "Terminal.h"
#include "Watcher.h"

#include "client/ClientSession.h"
#include "client/Connection.h"
#include "client/CredentialStore.h"
#include "client/LocalStore.h"
#include "time/Clock.h"

#include <QCoreApplication>

namespace countersign::cli {

int runWatch(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Decides approvals in the terminal as they arrive: the development pattern, like CrewAI's\n"
        "human_input=True for every approval routed to you. Each one is shown with its output, context and\n"
        "criteria; answer with Enter to approve, any text to send it back for revision with that feedback,\n"
        "/reject REASON, /edit to edit the output in $EDITOR and approve it, /skip, /help or /quit.\n"
        "Decisions made while the server is away are queued and sent exactly once when it is back."));
    ApproverOptions o;
    o.addTo(p);
    if (!parse(p, args, 0, 0))
        return Usage;
    const auto server = serverUrl(p, o.server);
    if (!server)
        return Usage;

    // One REST client for the sign-in and the live link: the connection's.
    client::Connection connection;
    connection.rest().setServer(*server);
    const std::unique_ptr<client::CredentialStore> credentials = makeCredentialStore();
    ApproverSignIn signIn(connection.rest(), *credentials, userName(p, o), p.value(o.passwordEnv));
    SystemClock clock;
    client::ClientSession session(connection, clock, *server, signIn.username(),
                                  client::LocalStore::defaultPath(*server, signIn.username()));
    if (!session.isOpen()) {
        complain(QStringLiteral("cannot open the local cache: %1").arg(session.openError()));
        return ServerError;
    }
    LineReader input;
    Watcher watcher(session, input, clock);
    QObject::connect(&watcher, &Watcher::finished, qApp, [](int code) { QCoreApplication::exit(code); });

    bool renewed = false;
    QString lastSaid;
    QObject::connect(&connection, &client::Connection::stateChanged, &watcher, [&](client::Connection::State state) {
        using S = client::Connection::State;
        if (state == S::Online) {
            if (lastSaid == QLatin1String("offline"))
                complain(QStringLiteral("back online"));
            lastSaid.clear();
            return watcher.begin();
        }
        if (state == S::Offline && lastSaid != QLatin1String("offline")) {
            lastSaid = QStringLiteral("offline");
            complain(QStringLiteral("offline (%1); decisions are queued, reconnecting...").arg(connection.lastError()));
        }
        if (state != S::AuthFailed)
            return;
        if (renewed) {
            complain(connection.lastError());
            return QCoreApplication::exit(ServerError);
        }
        // The kept token is no longer valid (expired, revoked): sign in again once.
        renewed = true;
        signIn.renew([&](const QByteArray &token, const QString &error) {
            if (token.isEmpty()) {
                complain(error);
                return QCoreApplication::exit(ServerError);
            }
            connection.resume(*server, signIn.username(), token);
        });
    });

    int code = -1;
    signIn.start([&](const QByteArray &token, const QString &error) {
        if (token.isEmpty()) {
            complain(error);
            code = ServerError;
            return QCoreApplication::exit(code);
        }
        connection.resume(*server, signIn.username(), token);
    });
    code = QCoreApplication::exec();
    return code;
}

} // namespace countersign::cli
