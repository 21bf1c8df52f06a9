#include "Scenario.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <gtest/gtest.h>

namespace countersign::test {

Scenario::Scenario(const QByteArray &policies)
    : server([&policies](server::Config &c) { usePolicies(c, policies); })
{
    server.addTeam();
}

QUrl Scenario::serverUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
}

QJsonObject Scenario::submission(const QString &taskId, const QJsonObject &extra) const
{
    QJsonObject s = emailSubmission(taskId, {{QStringLiteral("callback_url"), callbacks.url()},
                                             {QStringLiteral("title"), QStringLiteral("Launch email %1").arg(taskId)},
                                             {QStringLiteral("criteria"), QJsonArray{QStringLiteral("Matches the brand voice")}}});
    for (auto it = extra.begin(); it != extra.end(); ++it)
        s.insert(it.key(), it.value());
    return s;
}

QString Scenario::submit(const QString &taskId, const QJsonObject &extra)
{
    return agent.submitNew(submission(taskId, extra));
}

QJsonObject Scenario::task(const QString &taskId)
{
    return agent.get(taskId).json();
}

QString Scenario::approvalOf(const QString &taskId)
{
    QString id;
    EXPECT_TRUE(QTest::qWaitFor([&] {
        const HttpResponse r = agent.get(taskId);
        id = r.status == 200 ? r.json().value(QLatin1String("id")).toString() : QString();
        return !id.isEmpty();
    }, 10000)) << "the server never had task " << taskId.toStdString();
    return id;
}

bool Scenario::waitForStatus(const QString &taskId, const QString &status, int timeoutMs)
{
    return QTest::qWaitFor([&] { return task(taskId).value(QLatin1String("status")).toString() == status; }, timeoutMs);
}

int Scenario::decidedCount(const QString &taskId)
{
    int n = 0;
    for (const QJsonValue &e : task(taskId).value(QLatin1String("history")).toArray())
        n += e.toObject().value(QLatin1String("action")).toString() == QLatin1String("decided");
    return n;
}

bool Scenario::waitForCallbacks(int n, int timeoutMs)
{
    return QTest::qWaitFor([&] { return callbacks.received().size() >= n; }, timeoutMs);
}

QJsonObject Scenario::lastCallback() const
{
    if (callbacks.received().isEmpty())
        return {};
    return QJsonDocument::fromJson(callbacks.received().last().body).object();
}

} // namespace countersign::test
