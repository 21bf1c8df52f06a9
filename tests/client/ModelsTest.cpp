// The approvals list model and its filter proxy, checked by QAbstractItemModelTester through a sync, live
// pushes and filter changes, with filters that narrow what a user sees.
#include "ClientFixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

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

// The pinned approval (the one the reviewer has selected) stays in the filtered view through a decision, a
// filter that rejects it and a text search, and leaves only when another one is pinned; the proxy stays a
// consistent model throughout (QAbstractItemModelTester), with rows moved one by one, not by resets.
TEST_F(Models, APinnedApprovalStaysUntilAnotherIsPinned)
{
    client::ApprovalFilterModel filter(*model);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QString one = submit(QStringLiteral("one"), {{QStringLiteral("title"), QStringLiteral("Launch email")}});
    server.clock().advance(1000);
    const QString two = submit(QStringLiteral("two"), {{QStringLiteral("title"), QStringLiteral("Price change")}});
    signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->rowCount() == 2; }, 10000));
    filter.setStatuses({QStringLiteral("pending")});
    filter.setPinned(one);

    QSignalSpy removed(&filter, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&filter, &QAbstractItemModel::modelReset);
    engine->decide(one, 1, QStringLiteral("approve"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->countWithStatus(QStringLiteral("approved")) == 1; }, 10000));
    EXPECT_EQ(visibleTitles(filter), (QStringList{QStringLiteral("Launch email"), QStringLiteral("Price change")}))
        << "decided, but pinned: still shown";
    EXPECT_EQ(removed.count(), 0);
    filter.setText(QStringLiteral("price"));
    EXPECT_EQ(visibleTitles(filter), (QStringList{QStringLiteral("Launch email"), QStringLiteral("Price change")}))
        << "a search keeps the pinned one too";
    filter.setText({});
    reset.clear();

    filter.setPinned(two);  // the reviewer moves on
    EXPECT_EQ(visibleTitles(filter), QStringList{QStringLiteral("Price change")});
    EXPECT_EQ(removed.count(), 1) << "one row removed";
    EXPECT_EQ(reset.count(), 0) << "not a reset, which would drop a view's current item";
    filter.setPinned({});
    EXPECT_EQ(visibleTitles(filter), QStringList{QStringLiteral("Price change")}) << "still pending: it stays";
}
