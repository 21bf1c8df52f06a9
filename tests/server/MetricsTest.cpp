// Metrics: a scripted sequence of submissions, decisions, a revision and an expiry, with time moved by the
// manual clock, gives exactly the expected summary; each approver sees the routes they may see; the
// Prometheus endpoint counts the same things.
#include "TestServer.h"

#include "protocol/ApprovalJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

class Metrics : public ::testing::Test
{
protected:
    TestServer server{[](server::Config &c) {
        usePolicies(c, SeedRouting + QByteArray());
        c.metrics.bearerToken = QStringLiteral("scrape-me");
    }};
    Agent agent{server};
    Http http;
    QDateTime t0;

    void SetUp() override
    {
        server.addTeam();
        t0 = server.clock().now();
    }

    QString submit(const QString &taskId, const QJsonObject &output, int timeoutS = 0)
    {
        QJsonObject extra{{QStringLiteral("output"), output}};
        if (timeoutS)
            extra.insert(QStringLiteral("timeout_s"), timeoutS);
        return agent.submitNew(emailSubmission(taskId, extra));
    }
    void at(qint64 seconds) { server.clock().set(t0.addSecs(seconds)); }
    void decide(const QString &user, const QString &id, const QJsonObject &body)
    {
        const HttpResponse r = http.request("POST", server.url(QStringLiteral("/api/v1/approvals/%1/decision").arg(id)),
                                            QJsonDocument(body).toJson(QJsonDocument::Compact),
                                            {{"Authorization", "Bearer " + server.login(user)}, {"Content-Type", "application/json"}});
        EXPECT_EQ(r.status, 200) << r.body.constData();
    }
    QJsonObject summary(const QString &user, const QDateTime &from, const QDateTime &to)
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("from"), json::time(from).toString());
        q.addQueryItem(QStringLiteral("to"), json::time(to).toString());
        const HttpResponse r = http.request("GET", server.url(QStringLiteral("/api/v1/metrics/summary?") + q.toString(QUrl::FullyEncoded)),
                                            {}, {{"Authorization", "Bearer " + server.login(user)}});
        EXPECT_EQ(r.status, 200) << r.body.constData();
        return r.json();
    }

    // A: approved by mia after 60 s. B: rejected by max after 120 s. C (CFO): revised by carl after 180 s,
    // revised by the agent at 200 s, approved with edits by carl after 300 s more. D: expires at 600 s.
    // E: submitted at 100 s, still pending at 700 s.
    void script()
    {
        const QString a = submit(QStringLiteral("A"), {{QStringLiteral("budget"), 100}});
        const QString b = submit(QStringLiteral("B"), {{QStringLiteral("budget"), 200}});
        const QString c = submit(QStringLiteral("C"), {{QStringLiteral("budget"), 20000}});
        submit(QStringLiteral("D"), {{QStringLiteral("budget"), 300}}, 600);
        at(60);
        decide(QStringLiteral("mia"), a, {{QStringLiteral("decision"), QStringLiteral("approve")}});
        at(100);
        submit(QStringLiteral("E"), {{QStringLiteral("budget"), 400}});
        at(120);
        decide(QStringLiteral("max"), b, {{QStringLiteral("decision"), QStringLiteral("reject")}, {QStringLiteral("feedback"), QStringLiteral("off brand")}});
        at(180);
        decide(QStringLiteral("carl"), c, {{QStringLiteral("decision"), QStringLiteral("revise")}, {QStringLiteral("feedback"), QStringLiteral("cheaper")}});
        at(200);
        ASSERT_EQ(agent.revise(QStringLiteral("C"), {{QStringLiteral("output"), QJsonObject{{QStringLiteral("budget"), 15000}}}}).status, 200);
        at(500);
        decide(QStringLiteral("carl"), c, {{QStringLiteral("decision"), QStringLiteral("approve_with_edits")},
                                          {QStringLiteral("output"), QJsonObject{{QStringLiteral("budget"), 14000}}}});
        at(600);
        ASSERT_EQ(agent.get(QStringLiteral("D")).json().value(QLatin1String("status")).toString(), QStringLiteral("expired"));
        at(700);
    }
};

QJsonObject stats(int count, double average, double p90)
{
    return {{QStringLiteral("count"), count}, {QStringLiteral("average_s"), average}, {QStringLiteral("p90_s"), p90}};
}

} // namespace

TEST_F(Metrics, TheSummaryMatchesTheScriptedDecisionsExactly)
{
    script();
    const QJsonObject m = summary(QStringLiteral("ada"), t0.addSecs(-1), t0.addSecs(1000));
    EXPECT_EQ(m.value(QLatin1String("closed")).toInt(), 5);
    EXPECT_EQ(m.value(QLatin1String("counts")).toObject(),
              (QJsonObject{{QStringLiteral("approved"), 2}, {QStringLiteral("approved_with_edits"), 1}, {QStringLiteral("rejected"), 1},
                           {QStringLiteral("revised"), 1}, {QStringLiteral("expired"), 1}}));
    EXPECT_EQ(m.value(QLatin1String("rates")).toObject(),
              (QJsonObject{{QStringLiteral("approve"), 0.4}, {QStringLiteral("reject"), 0.2}, {QStringLiteral("revise"), 0.2},
                           {QStringLiteral("expire"), 0.2}}));
    // Human decisions took 60, 120, 180 and 300 s.
    EXPECT_EQ(m.value(QLatin1String("time_to_decision")).toObject(), stats(4, 165, 300));
    EXPECT_EQ(m.value(QLatin1String("finished_tasks")).toInt(), 4);
    EXPECT_EQ(m.value(QLatin1String("revision_rounds_per_task")).toDouble(), 0.25);
    EXPECT_EQ(m.value(QLatin1String("approvers")).toArray(),
              (QJsonArray{QJsonObject{{QStringLiteral("approver"), QStringLiteral("carl")}, {QStringLiteral("count"), 2}, {QStringLiteral("average_s"), 240}, {QStringLiteral("p90_s"), 300}},
                          QJsonObject{{QStringLiteral("approver"), QStringLiteral("max")}, {QStringLiteral("count"), 1}, {QStringLiteral("average_s"), 120}, {QStringLiteral("p90_s"), 120}},
                          QJsonObject{{QStringLiteral("approver"), QStringLiteral("mia")}, {QStringLiteral("count"), 1}, {QStringLiteral("average_s"), 60}, {QStringLiteral("p90_s"), 60}}}));
    // The bottleneck first: the Manager route has E waiting for 600 s.
    EXPECT_EQ(m.value(QLatin1String("routes")).toArray(),
              (QJsonArray{QJsonObject{{QStringLiteral("route"), QStringLiteral("Manager")}, {QStringLiteral("pending"), 1},
                                      {QStringLiteral("oldest_pending_age_s"), 600}, {QStringLiteral("time_to_decision"), stats(2, 90, 120)},
                                      {QStringLiteral("expired"), 1}},
                          QJsonObject{{QStringLiteral("route"), QStringLiteral("CFO")}, {QStringLiteral("pending"), 0},
                                      {QStringLiteral("oldest_pending_age_s"), 0}, {QStringLiteral("time_to_decision"), stats(2, 240, 300)},
                                      {QStringLiteral("expired"), 0}}}));
}

TEST_F(Metrics, TheWindowAndTheApproversRoutesLimitWhatIsCounted)
{
    script();
    // From 150 s on: C's two decisions and D's expiry.
    EXPECT_EQ(summary(QStringLiteral("ada"), t0.addSecs(150), t0.addSecs(1000)).value(QLatin1String("closed")).toInt(), 3);
    // A Manager sees the Manager route only: A, B and D.
    const QJsonObject mine = summary(QStringLiteral("mia"), t0.addSecs(-1), t0.addSecs(1000));
    EXPECT_EQ(mine.value(QLatin1String("closed")).toInt(), 3);
    EXPECT_EQ(mine.value(QLatin1String("routes")).toArray().size(), 1);
}

TEST_F(Metrics, BadWindowsAndMissingSignInAreRefused)
{
    const QByteArray token = "Bearer " + server.login(QStringLiteral("ada"));
    EXPECT_EQ(http.request("GET", server.url(QStringLiteral("/api/v1/metrics/summary?from=yesterday")), {}, {{"Authorization", token}}).errorCode(),
              QStringLiteral("invalid_field"));
    EXPECT_EQ(http.request("GET", server.url(QStringLiteral("/api/v1/metrics/summary?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z")), {},
                           {{"Authorization", token}}).status, 400);
    EXPECT_EQ(http.request("GET", server.url(QStringLiteral("/api/v1/metrics/summary"))).status, 401);
}

TEST_F(Metrics, PrometheusCountsTheSameThings)
{
    script();
    EXPECT_EQ(http.request("GET", server.url(QStringLiteral("/metrics"))).status, 401);
    const HttpResponse r = http.request("GET", server.url(QStringLiteral("/metrics")), {}, {{"Authorization", "Bearer scrape-me"}});
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(r.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    const QByteArray text = r.body;
    for (const char *line : {
             "countersign_approvals_submitted_total{route=\"Manager\",priority=\"normal\"} 4",
             "countersign_approvals_submitted_total{route=\"CFO\",priority=\"normal\"} 1",
             "countersign_decisions_total{decision=\"approve\",route=\"Manager\"} 1",
             "countersign_decisions_total{decision=\"approve_with_edits\",route=\"CFO\"} 1",
             "countersign_decisions_total{decision=\"reject\",route=\"Manager\"} 1",
             "countersign_decisions_total{decision=\"revise\",route=\"CFO\"} 1",
             "countersign_approval_events_total{action=\"expired\",route=\"Manager\"} 1",
             "countersign_time_to_decision_seconds_bucket{route=\"Manager\",le=\"60\"} 1",
             "countersign_time_to_decision_seconds_bucket{route=\"Manager\",le=\"300\"} 2",
             "countersign_time_to_decision_seconds_bucket{route=\"CFO\",le=\"300\"} 2",
             "countersign_time_to_decision_seconds_bucket{route=\"CFO\",le=\"+Inf\"} 2",
             "countersign_time_to_decision_seconds_sum{route=\"CFO\"} 480",
             "countersign_time_to_decision_seconds_count{route=\"Manager\"} 2",
             "countersign_pending_approvals{route=\"Manager\"} 1",
             "countersign_oldest_pending_age_seconds{route=\"Manager\"} 600",
             "# TYPE countersign_time_to_decision_seconds histogram",
         }) {
        EXPECT_TRUE(text.contains(line)) << line << "\n" << text.constData();
    }
}
