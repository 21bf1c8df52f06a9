// "An acknowledged approval is never lost": countersignd is killed with SIGKILL while several agents submit
// concurrently; after a restart every submission that got a 202 is there exactly once, with its body intact.
#include "ChildServer.h"
#include "Http.h"

#include "protocol/Hmac.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <csignal>
#include <mutex>
#include <thread>

using namespace countersign;
using namespace countersign::test;

namespace {

QByteArray bodyFor(int thread, int i)
{
    return QJsonDocument(QJsonObject{
                             {QStringLiteral("task_id"), QStringLiteral("dur-%1-%2").arg(thread).arg(i)},
                             {QStringLiteral("agent"), QStringLiteral("Pricing Analyst")},
                             {QStringLiteral("output"), QJsonObject{{QStringLiteral("budget"), thread * 100000 + i},
                                                                    {QStringLiteral("note"), QString(200, QChar(u'a' + i % 26))}}},
                         })
        .toJson(QJsonDocument::Compact);
}

// One keep-alive connection sending signed submissions until the server goes away. Blocking, own thread.
void submitUntilKilled(quint16 port, int thread, std::atomic<int> &accepted, std::mutex &m, QMap<QString, QByteArray> &acked)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return;
    for (int i = 0; i < 100000; ++i) {
        const QByteArray body = bodyFor(thread, i);
        socket.write("POST /api/v1/approvals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "X-Webhook-Source: crew-a\r\nX-Webhook-Signature: " + hmac::signatureHeader("s3cret-a", body)
                     + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray response;
        qsizetype headerEnd = -1;
        qsizetype needed = -1;
        while (needed < 0 || response.size() < needed) {
            if (!socket.waitForReadyRead(5000))
                return;  // killed
            response += socket.readAll();
            if (headerEnd < 0 && (headerEnd = response.indexOf("\r\n\r\n")) >= 0) {
                const qsizetype cl = response.toLower().indexOf("content-length:");
                needed = headerEnd + 4 + response.mid(cl + 15, response.indexOf("\r\n", cl) - cl - 15).trimmed().toLongLong();
            }
        }
        if (response.startsWith("HTTP/1.1 202")) {
            std::lock_guard lock(m);
            acked.insert(QStringLiteral("dur-%1-%2").arg(thread).arg(i), body);
            ++accepted;
        }
    }
}

} // namespace

TEST(Durability, EveryAcknowledgedSubmissionSurvivesSigkillExactlyOnce)
{
    ChildServer child;
    ASSERT_TRUE(child.start()) << child.stderrText().toStdString();

    std::atomic<int> accepted{0};
    std::mutex m;
    QMap<QString, QByteArray> acked;
    std::vector<std::thread> agents;
    for (int t = 0; t < 6; ++t)
        agents.emplace_back(submitUntilKilled, child.port(), t, std::ref(accepted), std::ref(m), std::ref(acked));

    ASSERT_TRUE(QTest::qWaitFor([&] { return accepted >= 600; }, 60000)) << "only " << accepted << " accepted";
    ::kill(qint64(child.process().processId()), SIGKILL);  // mid-stream: requests are in flight now
    child.process().waitForFinished(5000);
    for (auto &t : agents)
        t.join();
    const int ackedCount = int(acked.size());
    std::cout << "acknowledged before SIGKILL: " << ackedCount << std::endl;
    ASSERT_GE(ackedCount, 600);

    ASSERT_TRUE(child.start()) << "restart on the same data dir: " << child.stderrText().toStdString();
    Http http;
    int checked = 0;
    for (auto it = acked.begin(); it != acked.end(); ++it) {
        // Every 7th is read back through the API (signed GET); all are checked in the database below.
        if (checked++ % 7 != 0)
            continue;
        const QByteArray ts = QByteArray::number(QDateTime::currentSecsSinceEpoch());
        const QByteArray path = "/api/v1/approvals/" + it.key().toUtf8();
        const HttpResponse r = http.request("GET", QStringLiteral("http://127.0.0.1:%1%2").arg(child.port()).arg(QString::fromUtf8(path)), {},
                                            {{"X-Webhook-Source", "crew-a"}, {"X-Webhook-Timestamp", ts},
                                             {"X-Webhook-Signature", hmac::signatureHeader("s3cret-a", hmac::bodylessSigningString("GET", path, ts))}});
        ASSERT_EQ(r.status, 200) << it.key().toStdString();
        EXPECT_EQ(r.json().value(QLatin1String("output")), QJsonDocument::fromJson(it.value()).object().value(QLatin1String("output")));
    }
    ::kill(qint64(child.process().processId()), SIGTERM);
    child.process().waitForFinished(10000);

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("durability-check"));
    db.setDatabaseName(child.dataDir() + QStringLiteral("/countersign.db"));
    ASSERT_TRUE(db.open());
    {
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT task_id, COUNT(*), MAX(doc) FROM approvals GROUP BY task_id")));
        int found = 0;
        while (q.next()) {
            EXPECT_EQ(q.value(1).toInt(), 1) << "stored twice: " << q.value(0).toString().toStdString();
            const auto it = acked.constFind(q.value(0).toString());
            if (it == acked.constEnd())
                continue;  // committed, but the 202 was lost with the process: the agent's retry gets a 200
            ++found;
            const QJsonObject doc = QJsonDocument::fromJson(q.value(2).toByteArray()).object();
            EXPECT_EQ(doc.value(QLatin1String("output")), QJsonDocument::fromJson(it.value()).object().value(QLatin1String("output")));
        }
        EXPECT_EQ(found, ackedCount) << "an acknowledged submission is missing";
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("durability-check"));
}
