// The approvals list model and its filter proxy, checked by QAbstractItemModelTester through a sync, live
// pushes and filter changes, with filters that narrow what a user sees.
#include "ClientFixture.h"

#include <QAbstractItemModelTester>

using namespace countersign;
using namespace countersign::test;

namespace {

class Models : public ClientFixture
{
protected:
    QStringList visibleTitles(const client::ApprovalFilterModel &filter)
    {
        QStringList titles;
        for (int r = 0; r < filter.rowCount(); ++r)
            titles.append(filter.data(filter.index(r, 0), client::ApprovalListModel::TitleRole).toString());
        return titles;
    }
};

} // namespace

TEST_F(Models, BothModelsStayConsistentThroughSyncPushesAndFiltering)
{
    client::ApprovalFilterModel filter(*model);
    QAbstractItemModelTester listTester(model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);

    submit(QStringLiteral("one"), {{QStringLiteral("title"), QStringLiteral("Launch email")}, {QStringLiteral("priority"), QStringLiteral("low")}});
    server.clock().advance(1000);  // created one second apart, so age orders them
    submit(QStringLiteral("two"), {{QStringLiteral("title"), QStringLiteral("Price change")}, {QStringLiteral("priority"), QStringLiteral("critical")},
                                   {QStringLiteral("agent"), QStringLiteral("Pricing Analyst")},
                                   {QStringLiteral("output"), QJsonObject{{QStringLiteral("recommendation"), QStringLiteral("Raise Pro to $49")}}}});
    signInAs(QStringLiteral("mia"));  // the sync brings both
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->rowCount() == 2; }, 10000));

    server.clock().advance(1000);
    const QString three = submit(QStringLiteral("three"), {{QStringLiteral("title"), QStringLiteral("Contract renewal")},
                                                           {QStringLiteral("priority"), QStringLiteral("high")},
                                                           {QStringLiteral("timeout_s"), 600}});
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->rowCount() == 3; }, 10000));  // a live push

    EXPECT_EQ(visibleTitles(filter), (QStringList{QStringLiteral("Launch email"), QStringLiteral("Price change"), QStringLiteral("Contract renewal")}));
    filter.setText(QStringLiteral("pro $49"));  // words from the output, any case
    EXPECT_EQ(visibleTitles(filter), QStringList{QStringLiteral("Price change")});
    filter.setText(QStringLiteral("pricing"));  // the agent
    EXPECT_EQ(visibleTitles(filter), QStringList{QStringLiteral("Price change")});
    filter.setText({});
    filter.setPriorities({QStringLiteral("high"), QStringLiteral("critical")});
    filter.setSortKey(client::ApprovalFilterModel::SortKey::Priority);
    EXPECT_EQ(visibleTitles(filter), (QStringList{QStringLiteral("Price change"), QStringLiteral("Contract renewal")}));
    filter.setPriorities({});
    filter.setSortKey(client::ApprovalFilterModel::SortKey::Deadline);
    EXPECT_EQ(visibleTitles(filter).first(), QStringLiteral("Contract renewal"));  // the only one with a deadline

    // A decision changes the row in place; a status filter follows it.
    filter.setStatuses({QStringLiteral("pending")});
    engine->decide(three, 1, QStringLiteral("approve"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return filter.rowCount() == 2; }, 10000));
    EXPECT_EQ(model->rowCount(), 3);
    filter.setStatuses({QStringLiteral("approved")});
    EXPECT_EQ(visibleTitles(filter), QStringList{QStringLiteral("Contract renewal")});
    // The counts per status (the tray's badge) follow the rows without walking them.
    EXPECT_EQ(model->countWithStatus(QStringLiteral("pending")), 2);
    EXPECT_EQ(model->countWithStatus(QStringLiteral("approved")), 1);
    EXPECT_EQ(model->countWithStatus(QStringLiteral("rejected")), 0);
}
