// The History tab (decided items, searchable, with their audit trail) and the Metrics tab (the server's
// summary as figures, bars and tables), driven in the real main window against a real server.
#include "UiFixture.h"

#include "detail/ApprovalDetailView.h"
#include "detail/HistoryView.h"
#include "history/DecidedView.h"
#include "metrics/MetricsView.h"
#include "metrics/RateBars.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>

namespace countersign::test {

class HistoryAndMetrics : public UiFixture
{
protected:
    ui::MainWindow *window = nullptr;

    // Two items decided over the API as mia: t-1 approved after 4 minutes, t-2 rejected after 6; t-3 pending.
    void decideTwo()
    {
        const QString first = submit(QStringLiteral("t-1"));
        const QString second = submit(QStringLiteral("t-2"));
        submit(QStringLiteral("t-3"));
        window = &signInAs(QStringLiteral("mia"));
        ASSERT_TRUE(waitForRows(*window, 3));
        server.clock().advance(4 * 60 * 1000);
        ASSERT_TRUE(selectAndShow(*window, first));
        window->action(QStringLiteral("actionApprove"))->trigger();
        ASSERT_TRUE(waitForCallbacks(1));
        server.clock().advance(2 * 60 * 1000);
        ASSERT_TRUE(selectAndShow(*window, second));
        window->decisions().setConfirm([](const QString &, const QString &) { return true; });
        QTest::keyClicks(window->findChild<QPlainTextEdit *>(QStringLiteral("feedbackEdit")), QStringLiteral("Numbers we cannot back up"));
        window->action(QStringLiteral("actionReject"))->trigger();
        ASSERT_TRUE(waitForCallbacks(2));
        ASSERT_TRUE(waitForRows(*window, 2));  // t-3, and t-2 while it stays selected
        server.clock().advance(1000);  // the metrics window [from, now) then holds the reject too
    }

    QStringList titles(QAbstractItemModel *m)
    {
        QStringList out;
        for (int row = 0; row < m->rowCount(); ++row)
            out << m->index(row, 0).data().toString();
        return out;
    }
};

TEST_F(HistoryAndMetrics, DecidedItemsAreListedNewestFirstSearchableWithTheirAuditTrail)
{
    decideTwo();
    window->action(QStringLiteral("actionShowHistory"))->trigger();  // Ctrl+2
    ui::DecidedView &history = window->decided();
    ASSERT_TRUE(window->tabs().currentWidget()->isAncestorOf(&history)) << "the History tab is in front";
    EXPECT_FALSE(window->action(QStringLiteral("actionApprove"))->isEnabled()) << "no decision on an unseen queue item";

    ASSERT_TRUE(QTest::qWaitFor([&] { return history.list().model()->rowCount() == 2; }, 10000));
    EXPECT_EQ(titles(history.list().model()), (QStringList{QStringLiteral("Launch email t-2"), QStringLiteral("Launch email t-1")}))
        << "the pending t-3 is not history";
    EXPECT_EQ(history.findChild<QLabel *>(QStringLiteral("historyCount"))->text(), QStringLiteral("2 decided item(s)"));

    history.outcome().setCurrentIndex(history.outcome().findText(QStringLiteral("Rejected")));
    ASSERT_EQ(titles(history.list().model()), QStringList{QStringLiteral("Launch email t-2")});
    history.list().setCurrentIndex(history.list().model()->index(0, 0));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !history.detail().approval().id.isEmpty(); }, 10000));  // read on the cache's thread
    const QString decision = history.findChild<QLabel *>(QStringLiteral("detailDecision"))->text();
    EXPECT_TRUE(decision.startsWith(QStringLiteral("Rejected by mia (Manager)"))) << decision.toStdString();
    EXPECT_TRUE(decision.contains(QStringLiteral("Numbers we cannot back up"))) << decision.toStdString();
    // The audit trail: created, routed, ... decided, callback delivered.
    const auto *events = history.detail().history().findChild<QTreeWidget *>();
    ASSERT_TRUE(events);
    QStringList actions;
    for (int i = 0; i < events->topLevelItemCount(); ++i)
        actions << events->topLevelItem(i)->text(2);
    EXPECT_TRUE(actions.contains(QStringLiteral("Decided"))) << actions.join(QLatin1Char(',')).toStdString();

    history.outcome().setCurrentIndex(0);
    QTest::keyClicks(&history.search(), QStringLiteral("t-1"));
    EXPECT_EQ(titles(history.list().model()), QStringList{QStringLiteral("Launch email t-1")});

    window->action(QStringLiteral("actionShowQueue"))->trigger();
    EXPECT_TRUE(window->action(QStringLiteral("actionApprove"))->isEnabled());
}

TEST_F(HistoryAndMetrics, TheMetricsTabShowsTheServersSummaryAndSaysWhenItCannot)
{
    decideTwo();
    ui::MetricsView &metrics = window->metrics();
    QSignalSpy loaded(&metrics, &ui::MetricsView::loaded);
    window->action(QStringLiteral("actionShowMetrics"))->trigger();
    ASSERT_TRUE(loaded.wait(10000));
    ASSERT_TRUE(loaded.last().at(0).toBool()) << metrics.statusText().toStdString();

    const QString figures = metrics.findChild<QLabel *>(QStringLiteral("metricsFigures"))->text();
    EXPECT_TRUE(figures.contains(QStringLiteral("Closed</td><td align=right><b>2<"))) << figures.toStdString();
    // 4 and 6 minutes: 5 on average, 6 for the 90th percentile.
    EXPECT_TRUE(figures.contains(QStringLiteral("average</td><td align=right><b>5 min<"))) << figures.toStdString();
    EXPECT_TRUE(figures.contains(QStringLiteral("90% within</td><td align=right><b>6 min<"))) << figures.toStdString();
    ASSERT_EQ(metrics.rates().bars().size(), 4);
    EXPECT_DOUBLE_EQ(metrics.rates().bars().at(0).share, 0.5) << "approved";
    EXPECT_DOUBLE_EQ(metrics.rates().bars().at(1).share, 0.5) << "rejected";

    QTableWidget &routes = metrics.routes();
    ASSERT_EQ(routes.rowCount(), 1);
    EXPECT_EQ(routes.item(0, 0)->text(), QStringLiteral("Manager"));
    EXPECT_EQ(routes.item(0, 1)->text(), QStringLiteral("1")) << "t-3 still pending";
    EXPECT_EQ(routes.item(0, 2)->text(), QStringLiteral("6 min")) << "the oldest pending one's age";
    QTableWidget &approvers = metrics.approvers();
    ASSERT_EQ(approvers.rowCount(), 1);
    EXPECT_EQ(approvers.item(0, 0)->text(), QStringLiteral("mia"));
    EXPECT_EQ(approvers.item(0, 1)->text(), QStringLiteral("2"));

    // Offline: a clear message, not stale figures passed off as current.
    proxy.setRefusing(true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Offline; }, 10000));
    metrics.refresh();
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_FALSE(loaded.last().at(0).toBool());
    EXPECT_TRUE(metrics.statusText().startsWith(QStringLiteral("Metrics are not available: Cannot reach"))) << metrics.statusText().toStdString();
}

} // namespace countersign::test
