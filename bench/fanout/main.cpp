// bench/fanout: N approvers of one role connected to /api/v1/ws; signed submissions at a steady rate; prints
// p50/p99 from each 202 (and from each send) to every client's `approval` frame, and any frame missing.
// Across nodes (bench/cluster): --server lists the nodes the approvers connect to, spread evenly, and
// --submit the node the submissions go to.

#include "agent/AgentClient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <unordered_map>
#include <vector>

using namespace countersign;

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Fan-out latency of countersignd's approver hub."));
    p.addHelpOption();
    p.addOption({QStringLiteral("server"), QStringLiteral("URL, or URLs separated by commas"), QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:18003")});
    p.addOption({QStringLiteral("submit"), QStringLiteral("Where to submit (default: the first server)"), QStringLiteral("URL")});
    p.addOption({QStringLiteral("user"), QStringLiteral("Approver to sign in as"), QStringLiteral("NAME"), QStringLiteral("bench")});
    p.addOption({QStringLiteral("password"), QStringLiteral("Its password"), QStringLiteral("PW"), QStringLiteral("bench-password")});
    p.addOption({QStringLiteral("source"), QStringLiteral("Webhook source"), QStringLiteral("ID"), QStringLiteral("crew-a")});
    p.addOption({QStringLiteral("secret"), QStringLiteral("Its secret"), QStringLiteral("S"), QStringLiteral("s3cret-a")});
    p.addOption({QStringLiteral("clients"), QStringLiteral("Connected approvers"), QStringLiteral("N"), QStringLiteral("200")});
    p.addOption({QStringLiteral("rate"), QStringLiteral("Submissions a second"), QStringLiteral("R"), QStringLiteral("20")});
    p.addOption({QStringLiteral("seconds"), QStringLiteral("How long to submit"), QStringLiteral("S"), QStringLiteral("10")});
    p.process(app);
    std::vector<QUrl> servers;
    for (const QString &url : p.value(QStringLiteral("server")).split(QLatin1Char(',')))
        servers.emplace_back(url);
    const QUrl server = servers.front();
    const int clients = p.value(QStringLiteral("clients")).toInt();
    const int rate = p.value(QStringLiteral("rate")).toInt();
    const int seconds = p.value(QStringLiteral("seconds")).toInt();

    QElapsedTimer clock;
    clock.start();
    auto nowMs = [&clock] { return double(clock.nsecsElapsed()) / 1e6; };
    std::unordered_map<std::string, double> sentAt, ackedAt;
    std::vector<double> fromAck, fromSend;
    std::vector<std::pair<std::string, double>> arrivals;  // (task, when): matched against 202s at the end
    int ready = 0, submitted = 0, failed = 0;

    QNetworkAccessManager network;
    AgentClient agent(p.isSet(QStringLiteral("submit")) ? QUrl(p.value(QStringLiteral("submit"))) : server, p.value(QStringLiteral("source")), p.value(QStringLiteral("secret")).toUtf8());
    std::vector<std::unique_ptr<QWebSocket>> sockets;
    QTimer submitter;

    auto finish = [&] {
        for (const auto &[task, when] : arrivals) {
            fromSend.push_back(when - sentAt[task]);
            if (auto it = ackedAt.find(task); it != ackedAt.end())
                fromAck.push_back(std::max(0.0, when - it->second));
        }
        const long expected = long(submitted - failed) * clients;
        std::printf("clients %d, submitted %d at %d/s (%d failed), frames %zu of %ld expected\n", clients, submitted, rate,
                    failed, arrivals.size(), expected);
        std::printf("202 -> approval frame:   p50 %.2f ms   p99 %.2f ms   max %.2f ms\n", percentile(fromAck, 0.5),
                    percentile(fromAck, 0.99), percentile(fromAck, 1.0));
        std::printf("send -> approval frame:  p50 %.2f ms   p99 %.2f ms\n", percentile(fromSend, 0.5), percentile(fromSend, 0.99));
        QCoreApplication::exit(long(arrivals.size()) == expected ? 0 : 1);
    };

    auto startSubmitting = [&] {
        std::printf("%d approvers connected and synced; submitting %d/s for %d s\n", clients, rate, seconds);
        std::fflush(stdout);
        const QString run = QString::number(QDateTime::currentMSecsSinceEpoch());
        QObject::connect(&submitter, &QTimer::timeout, &app, [&, run] {
            if (submitted >= rate * seconds) {
                submitter.stop();
                QTimer::singleShot(2000, &app, finish);
                return;
            }
            const QString task = QStringLiteral("fanout-%1-%2").arg(run).arg(submitted++);
            sentAt[task.toStdString()] = nowMs();
            agent.submit({{QStringLiteral("task_id"), task}, {QStringLiteral("agent"), QStringLiteral("Bench")},
                          {QStringLiteral("output"), QJsonObject{{QStringLiteral("subject"), task}}}},
                         [&, task](const AgentClient::Response &r) {
                             if (r.status == 202)
                                 ackedAt[task.toStdString()] = nowMs();
                             else
                                 ++failed;
                         });
        });
        submitter.start(1000 / rate);
    };

    QNetworkRequest login(server.resolved(QUrl(QStringLiteral("/api/v1/auth/login"))));
    login.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = network.post(login, QJsonDocument(QJsonObject{{QStringLiteral("username"), p.value(QStringLiteral("user"))},
                                                                         {QStringLiteral("password"), p.value(QStringLiteral("password"))}}).toJson());
    QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply] {
        const QString token = QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("token")).toString();
        if (token.isEmpty()) {
            std::fprintf(stderr, "sign-in failed\n");
            return QCoreApplication::exit(2);
        }
        for (int i = 0; i < clients; ++i) {
            QUrl ws = servers[size_t(i) % servers.size()];
            ws.setScheme(ws.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
            ws.setPath(QStringLiteral("/api/v1/ws"));
            auto socket = std::make_unique<QWebSocket>();
            QWebSocket *s = socket.get();
            QObject::connect(s, &QWebSocket::connected, &app, [s, token] {
                s->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("hello")},
                    {QStringLiteral("token"), token}, {QStringLiteral("since"), 0}}).toJson(QJsonDocument::Compact)));
            });
            QObject::connect(s, &QWebSocket::textMessageReceived, &app, [&](const QString &text) {
                const double when = nowMs();
                const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
                const QString type = frame.value(QLatin1String("type")).toString();
                if (type == QLatin1String("sync") && frame.value(QLatin1String("done")).toBool() && ++ready == clients)
                    startSubmitting();
                else if (type == QLatin1String("approval"))
                    arrivals.emplace_back(frame.value(QLatin1String("approval")).toObject().value(QLatin1String("task_id")).toString().toStdString(), when);
            });
            s->open(ws);
            sockets.push_back(std::move(socket));
        }
    });
    return app.exec();
}
