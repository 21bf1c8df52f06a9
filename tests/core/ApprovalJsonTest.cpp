#include "domain/Ids.h"
#include "protocol/ApprovalJson.h"

#include <QUuid>

#include <gtest/gtest.h>

using namespace countersign;

TEST(ApprovalJson, RoundTripsEveryField)
{
    Approval a;
    a.id = QStringLiteral("a1");
    a.taskId = QStringLiteral("t1");
    a.source = QStringLiteral("crew-a");
    a.agent = QStringLiteral("Pricing Analyst");
    a.title = QStringLiteral("Q1 pricing");
    a.type = QStringLiteral("financial");
    a.priority = Priority::High;
    a.output = QJsonObject{{QStringLiteral("budget"), 12000}};
    a.context = QJsonObject{{QStringLiteral("region"), QStringLiteral("EU")}};
    a.criteria = {QStringLiteral("Margin above 30%")};
    a.allowedDecisions = {QStringLiteral("approve"), QStringLiteral("reject")};
    a.maxRevisions = 2;
    a.timeoutS = 3600;
    a.callbackUrl = QStringLiteral("http://127.0.0.1:1/cb");
    a.extra = QJsonObject{{QStringLiteral("crew_run"), 7}};
    a.route = QStringLiteral("CFO");
    a.status = Status::RevisionRequested;
    a.version = 2;
    a.createdAt = QDateTime(QDate(2025, 1, 15), QTime(10, 30), Qt::UTC);
    a.updatedAt = a.createdAt.addSecs(60);
    a.expiresAt = a.createdAt.addSecs(3600);
    a.seq = 42;
    a.decision = Decision{QStringLiteral("revise"), QStringLiteral("Lower it"), a.output, false, QStringLiteral("carl"),
                          QStringLiteral("CFO"), a.updatedAt, 2, QString()};

    const QJsonObject o = json::toJson(a, json::View::Agent);
    EXPECT_EQ(o.value(QLatin1String("created_at")).toString(), QStringLiteral("2025-01-15T10:30:00Z"));
    const Approval back = json::approvalFromJson(o);
    EXPECT_EQ(json::toJson(back, json::View::Agent), o);
}

TEST(ApprovalJson, ApproversDoNotSeeTheCallbackUrl)
{
    Approval a;
    a.callbackUrl = QStringLiteral("http://127.0.0.1:1/cb?token=x");
    EXPECT_TRUE(json::toJson(a, json::View::Agent).contains(QLatin1String("callback_url")));
    EXPECT_FALSE(json::toJson(a, json::View::Approver).contains(QLatin1String("callback_url")));
}

TEST(ApprovalJson, ErrorHasTheProtocolShape)
{
    const QJsonObject e = json::error(QStringLiteral("invalid_field"), QStringLiteral("agent is required"), QStringLiteral("agent"));
    const QJsonObject inner = e.value(QLatin1String("error")).toObject();
    EXPECT_EQ(inner.value(QLatin1String("code")).toString(), QStringLiteral("invalid_field"));
    EXPECT_EQ(inner.value(QLatin1String("field")).toString(), QStringLiteral("agent"));
    EXPECT_FALSE(json::error(QStringLiteral("x"), QStringLiteral("y")).value(QLatin1String("error")).toObject().contains(QLatin1String("field")));
}

TEST(Ids, AreUuidV7AndSortByTime)
{
    const QString a = newTimeOrderedId(1'700'000'000'000);
    const QString b = newTimeOrderedId(1'700'000'000'001);
    EXPECT_EQ(a.size(), 36);
    EXPECT_EQ(a.at(14), u'7') << "version nibble";
    EXPECT_FALSE(QUuid::fromString(a).isNull());
    EXPECT_LT(a, b);
    EXPECT_NE(newTimeOrderedId(1), newTimeOrderedId(1));
}
