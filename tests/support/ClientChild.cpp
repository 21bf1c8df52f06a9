// A desktop client process for the kill test: `decide` queues a decision, prints "SENT <request_id>" once the
// frame is on the wire and waits to be killed; `resume` reconnects with the same cache, flushes the outbox
// and exits 0 once it is empty. The token comes from COUNTERSIGN_TEST_TOKEN.
#include "client/ClientSession.h"
#include "client/Connection.h"
#include "time/Clock.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace countersign;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 6) {
        std::fprintf(stderr, "usage: client-child URL USER CACHE APPROVAL_ID decide|resume\n");
        return 2;
    }
    const QUrl url(args.at(1));
    const QString user = args.at(2);
    const QString approvalId = args.at(4);
    const bool decide = args.at(5) == QLatin1String("decide");

    SystemClock clock;
    client::ConnectionTimings timings;
    timings.initialBackoffMs = 20;
    timings.maxBackoffMs = 200;
    client::Connection connection(timings);
    client::ClientSession session(connection, clock, url, user, args.at(3));
    if (!session.isOpen()) {
        std::fprintf(stderr, "%s\n", qPrintable(session.openError()));
        return 3;
    }
    client::LocalStore &store = session.store();
    client::SyncEngine &engine = session.sync();
    QObject::connect(&connection, &client::Connection::stateChanged, &app, [&](client::Connection::State state) {
        if (state != client::Connection::State::Online)
            return;
        if (decide) {
            // Said once the decision is in the outbox: the parent may kill this process from then on.
            const auto requestId = std::make_shared<QString>();
            *requestId = engine.decide(approvalId, 1, QStringLiteral("approve"), {}, {}, {}, [requestId](bool stored) {
                std::printf("%s %s\n", stored ? "SENT" : "NOT-SAVED", qPrintable(*requestId));
                std::fflush(stdout);
            });
        } else if (store.outbox().isEmpty()) {
            app.exit(0);
        }
    });
    QObject::connect(&store, &client::LocalStore::outboxChanged, &app, [&] {
        if (!decide && store.outbox().isEmpty())
            app.exit(0);
    });
    QTimer::singleShot(15000, &app, [&] { app.exit(4); });
    connection.resume(url, user, qgetenv("COUNTERSIGN_TEST_TOKEN"));
    return app.exec();
}
