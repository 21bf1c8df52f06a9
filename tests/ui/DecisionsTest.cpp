// The main window driven with QTest input against a real server: filters change the visible rows;
// approve, edit then approve, reject and revise reach the agent with the right payloads; required feedback
// is enforced; a decision made offline shows "queued" and lands once after the reconnect.
#include "UiFixture.h"

#include "decide/OutputEditor.h"
#include "detail/ApprovalDetailView.h"
#include "detail/HistoryView.h"
#include "queue/FilterBar.h"

#include "client/ApprovalListModel.h"

#include "Http.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTextBrowser>

namespace countersign::test {

class Decisions : public UiFixture
{
protected:
    ui::MainWindow *window = nullptr;

    void openWith(const QStringList &taskIds)
    {
        for (const QString &t : taskIds)
            submit(t);
        window = &signInAs(QStringLiteral("mia"));
        ASSERT_TRUE(waitForRows(*window, int(taskIds.size())));
    }

    void select(const QString &title)
    {
        QAbstractItemModel *m = window->queueView().model();
        for (int row = 0; row < m->rowCount(); ++row) {
            if (m->index(row, 0).data().toString() == title) {
                window->queueView().setCurrentIndex(m->index(row, 0));
                ASSERT_TRUE(waitForDetail(*window, window->currentApprovalId()));  // read from the cache on its thread
                return;
            }
        }
        FAIL() << "not in the queue: " << title.toStdString();
    }

    QPushButton *button(const char *name) { return window->findChild<QPushButton *>(QString::fromLatin1(name)); }
    QPlainTextEdit *feedback() { return window->findChild<QPlainTextEdit *>(QStringLiteral("feedbackEdit")); }
};

TEST_F(Decisions, FiltersAndSearchChangeTheVisibleRows)
{
    submit(QStringLiteral("t-1"), {{QStringLiteral("priority"), QStringLiteral("critical")}});
    submit(QStringLiteral("t-2"), {{QStringLiteral("agent"), QStringLiteral("Pricing Analyst")},
                                   {QStringLiteral("output"), QJsonObject{{QStringLiteral("recommendation"), QStringLiteral("Raise Pro to $49")}}}});
    submit(QStringLiteral("t-3"));
    window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 3));

    ui::FilterBar &filters = window->filters();
    // The choices carry their counts once the list has settled: two agents, one critical.
    ASSERT_TRUE(QTest::qWaitFor([&] { return filters.agent().count() == 3; }, 10000));
    filters.priority().setCurrentIndex(filters.priority().findData(QStringLiteral("critical")));
    EXPECT_EQ(visibleTitles(*window), QStringList{QStringLiteral("Launch email t-1")});
    EXPECT_TRUE(filters.priority().currentText().endsWith(QStringLiteral("(1)"))) << "the count per filter";
    filters.priority().setCurrentIndex(0);

    QTest::keyClicks(&filters.search(), QStringLiteral("pro to $49"));
    EXPECT_EQ(visibleTitles(*window), QStringList{QStringLiteral("Launch email t-2")}) << "the output is searched";
    filters.search().clear();
    filters.agent().setCurrentIndex(filters.agent().findData(QStringLiteral("Marketing Copywriter")));
    EXPECT_EQ(visibleTitles(*window).size(), 2);
    filters.agent().setCurrentIndex(0);

    // The critical one first when sorted by urgency.
    filters.sort().setCurrentIndex(1);
    EXPECT_EQ(visibleTitles(*window).first(), QStringLiteral("Launch email t-1"));
}

TEST_F(Decisions, ApproveFromTheKeyboardReachesTheAgent)
{
    openWith({QStringLiteral("t-1")});
    select(QStringLiteral("Launch email t-1"));
    window->activateWindow();
    window->action(QStringLiteral("actionApprove"))->trigger();  // Ctrl+Return
    ASSERT_TRUE(waitForCallbacks(1));
    EXPECT_EQ(lastCallback().value(QLatin1String("decision")).toString(), QStringLiteral("approve"));
    EXPECT_EQ(lastCallback().value(QLatin1String("decided_by")).toString(), QStringLiteral("mia"));
    // Decided: marked on screen, and it stays until the reviewer moves on (then it leaves the pending queue).
    EXPECT_TRUE(QTest::qWaitFor([&] { return window->decisions().notice().startsWith(QStringLiteral("Approved by mia")); }, 10000));
    EXPECT_EQ(window->queueView().model()->rowCount(), 1);
}

TEST_F(Decisions, EditThenApproveShowsTheDiffAndSendsTheEditedOutput)
{
    openWith({QStringLiteral("t-1")});
    select(QStringLiteral("Launch email t-1"));
    QJsonValue reviewedBefore;
    QJsonValue reviewedAfter;
    window->decisions().setReviewEdits([&](const QJsonValue &before, const QJsonValue &after) {
        reviewedBefore = before;
        reviewedAfter = after;
        return true;
    });
    QTest::mouseClick(button("editButton"), Qt::LeftButton);
    ASSERT_TRUE(window->decisions().isEditing());
    auto *subject = qobject_cast<QLineEdit *>(window->decisions().editor().fieldEditor(QStringLiteral("subject")));
    ASSERT_TRUE(subject);
    subject->selectAll();
    QTest::keyClicks(subject, QStringLiteral("Meet WalterSignal"));
    QTest::mouseClick(button("editButton"), Qt::LeftButton);  // now "Review edits and approve"

    EXPECT_EQ(reviewedBefore.toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Introducing WalterSignal"));
    EXPECT_EQ(reviewedAfter.toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Meet WalterSignal"));
    ASSERT_TRUE(waitForCallbacks(1));
    const QJsonObject d = lastCallback();
    EXPECT_EQ(d.value(QLatin1String("decision")).toString(), QStringLiteral("approve_with_edits"));
    EXPECT_EQ(d.value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Meet WalterSignal"));
    EXPECT_EQ(d.value(QLatin1String("output")).toObject().value(QLatin1String("body")).toString(),
              QStringLiteral("Dear {{first_name}}, We're excited to announce..."));
}

// Issue 15, item 4: a decision the local cache cannot store (a full disk, here a trigger refusing the outbox
// insert) is told to the reviewer as not saved, keeps their edit, and is never sent; once the cache can be
// written again the same edit goes out.
TEST_F(Decisions, ADecisionThatCannotBeSavedIsToldAndKeepsTheEdit)
{
    openWith({QStringLiteral("t-1")});
    select(QStringLiteral("Launch email t-1"));
    window->decisions().setReviewEdits([](const QJsonValue &, const QJsonValue &) { return true; });
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("saboteur"));
        db.setDatabaseName(dir.filePath(QStringLiteral("mia.db")));
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE TRIGGER full_disk BEFORE INSERT ON outbox BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END")))
            << q.lastError().text().toStdString();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("saboteur"));

    QTest::mouseClick(button("editButton"), Qt::LeftButton);
    auto *subject = qobject_cast<QLineEdit *>(window->decisions().editor().fieldEditor(QStringLiteral("subject")));
    ASSERT_TRUE(subject);
    subject->selectAll();
    QTest::keyClicks(subject, QStringLiteral("Meet WalterSignal"));
    QTest::mouseClick(button("editButton"), Qt::LeftButton);  // "Review edits and approve"
    ASSERT_TRUE(waitForCache());

    EXPECT_TRUE(window->decisions().message().startsWith(QStringLiteral("Your decision was not saved")))
        << window->decisions().message().toStdString();
    EXPECT_TRUE(window->statusBar()->currentMessage().contains(QStringLiteral("NOT saved")))
        << window->statusBar()->currentMessage().toStdString();
    ASSERT_TRUE(window->decisions().isEditing()) << "the edit is kept";
    EXPECT_EQ(subject->text(), QStringLiteral("Meet WalterSignal"));
    EXPECT_EQ(app->session()->sync().pending(), 0);
    EXPECT_TRUE(button("editButton")->isEnabled()) << "still the reviewer's to decide";

    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("repair"));
        db.setDatabaseName(dir.filePath(QStringLiteral("mia.db")));
        ASSERT_TRUE(db.open());
        QSqlQuery(db).exec(QStringLiteral("DROP TRIGGER full_disk"));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("repair"));
    QTest::mouseClick(button("editButton"), Qt::LeftButton);
    ASSERT_TRUE(waitForCallbacks(1));
    EXPECT_EQ(lastCallback().value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Meet WalterSignal"));
    EXPECT_EQ(callbacks.received().size(), 1);
    EXPECT_FALSE(window->decisions().isEditing());
}

TEST_F(Decisions, RejectNeedsAReasonAndAConfirmation)
{
    openWith({QStringLiteral("t-1")});
    select(QStringLiteral("Launch email t-1"));
    int asked = 0;
    bool answer = false;
    window->decisions().setConfirm([&](const QString &, const QString &) {
        ++asked;
        return answer;
    });
    QTest::mouseClick(button("rejectButton"), Qt::LeftButton);
    EXPECT_TRUE(window->decisions().message().startsWith(QStringLiteral("Write the reason"))) << window->decisions().message().toStdString();
    EXPECT_EQ(asked, 0);

    QTest::keyClicks(feedback(), QStringLiteral("Claims we cannot back up"));
    QTest::mouseClick(button("rejectButton"), Qt::LeftButton);  // the user cancels the confirmation
    EXPECT_EQ(asked, 1);
    answer = true;
    QTest::mouseClick(button("rejectButton"), Qt::LeftButton);
    ASSERT_TRUE(waitForCallbacks(1));
    EXPECT_EQ(callbacks.received().size(), 1) << "the cancelled confirmation sent nothing";
    EXPECT_EQ(lastCallback().value(QLatin1String("decision")).toString(), QStringLiteral("reject"));
    EXPECT_EQ(lastCallback().value(QLatin1String("feedback")).toString(), QStringLiteral("Claims we cannot back up"));
}

TEST_F(Decisions, ReviseNeedsFeedbackShowsTheRoundsAndReachesTheAgent)
{
    openWith({QStringLiteral("t-1")});
    select(QStringLiteral("Launch email t-1"));
    EXPECT_EQ(window->findChild<QLabel *>(QStringLiteral("revisionRounds"))->text(), QStringLiteral("Revision rounds used: 0 of 3"));
    window->action(QStringLiteral("actionRevise"))->trigger();
    EXPECT_TRUE(window->decisions().message().startsWith(QStringLiteral("Write what the agent should change")));
    QTest::keyClicks(feedback(), QStringLiteral("Shorter subject, please"));
    window->action(QStringLiteral("actionRevise"))->trigger();
    ASSERT_TRUE(waitForCallbacks(1));
    EXPECT_EQ(lastCallback().value(QLatin1String("decision")).toString(), QStringLiteral("revise"));
    EXPECT_EQ(lastCallback().value(QLatin1String("feedback")).toString(), QStringLiteral("Shorter subject, please"));
}

TEST_F(Decisions, TheDetailShowsTheOutputContextCriteriaAndHistory)
{
    openWith({QStringLiteral("t-1")});
    select(QStringLiteral("Launch email t-1"));
    ui::ApprovalDetailView &detail = window->detail();
    EXPECT_EQ(detail.findChild<QLabel *>(QStringLiteral("detailTitle"))->text(), QStringLiteral("Launch email t-1"));
    const QString rendered = detail.findChild<QTextBrowser *>(QStringLiteral("outputText"))->toPlainText();
    EXPECT_TRUE(rendered.contains(QStringLiteral("Introducing WalterSignal"))) << rendered.toStdString();
    EXPECT_EQ(detail.criteria().count(), 1);
    EXPECT_EQ(detail.criteria().item(0)->text(), QStringLiteral("Matches the brand voice"));
    EXPECT_GE(detail.history().eventCount(), 2) << "submitted and routed";
}

TEST_F(Decisions, OfflineADecisionShowsQueuedAndLandsOnceAfterTheReconnect)
{
    openWith({QStringLiteral("t-1")});
    select(QStringLiteral("Launch email t-1"));
    proxy.setRefusing(true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Offline; }, 10000));
    window->action(QStringLiteral("actionApprove"))->trigger();
    ASSERT_TRUE(waitForCache());  // the outbox is written on the cache's thread

    const QModelIndex row = window->queueView().model()->index(0, 0);
    EXPECT_TRUE(row.data(client::ApprovalListModel::QueuedRole).toBool());
    EXPECT_TRUE(window->findChild<QLabel *>(QStringLiteral("connectionStatus"))->text().contains(QStringLiteral("1 decision(s) queued")))
        << window->findChild<QLabel *>(QStringLiteral("connectionStatus"))->text().toStdString();
    EXPECT_FALSE(button("approveButton")->isEnabled()) << "no second decision while one is queued";

    proxy.setRefusing(false);
    ASSERT_TRUE(waitForCallbacks(1));
    // Decided: it stays on screen, marked, until the reviewer moves on (SelectionTest).
    ASSERT_TRUE(QTest::qWaitFor([&] { return window->decisions().notice().startsWith(QStringLiteral("Approved by mia")); }, 10000));
    EXPECT_EQ(callbacks.received().size(), 1);
    EXPECT_EQ(lastCallback().value(QLatin1String("decision")).toString(), QStringLiteral("approve"));
}

TEST_F(Decisions, AnEditInProgressSurvivesAReconnect)
{
    openWith({QStringLiteral("t-1")});
    select(QStringLiteral("Launch email t-1"));
    window->decisions().setReviewEdits([](const QJsonValue &, const QJsonValue &) { return true; });
    QTest::mouseClick(button("editButton"), Qt::LeftButton);
    auto *subject = qobject_cast<QLineEdit *>(window->decisions().editor().fieldEditor(QStringLiteral("subject")));
    ASSERT_TRUE(subject);
    subject->selectAll();
    QTest::keyClicks(subject, QStringLiteral("Half-typed subj"));

    // The link drops and comes back, with a fresh hello and sync; the editor and its text stay.
    proxy.dropAll();
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Offline; }, 10000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Online; }, 10000));
    EXPECT_TRUE(window->decisions().isEditing());
    EXPECT_EQ(subject->text(), QStringLiteral("Half-typed subj"));

    QTest::keyClicks(subject, QStringLiteral("ect"));
    QTest::mouseClick(button("editButton"), Qt::LeftButton);
    ASSERT_TRUE(waitForCallbacks(1));
    EXPECT_EQ(lastCallback().value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(),
              QStringLiteral("Half-typed subject"));
}

TEST_F(Decisions, ADecisionOvertakenWhileOfflineIsAClearNoticeWithBothDecisions)
{
    openWith({QStringLiteral("t-1")});
    select(QStringLiteral("Launch email t-1"));
    const QString id = window->currentApprovalId();
    auto *bar = window->findChild<QWidget *>(QStringLiteral("conflictBar"));
    EXPECT_FALSE(bar->isVisible());

    // mia approves on a train; meanwhile max, also a Manager, rejects it from his desk.
    proxy.setRefusing(true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Offline; }, 10000));
    window->action(QStringLiteral("actionApprove"))->trigger();
    Http http;
    const HttpResponse r = http.request("POST", server.url(QStringLiteral("/api/v1/approvals/%1/decision").arg(id)),
                                        QJsonDocument(QJsonObject{{QStringLiteral("version"), 1},
                                                                  {QStringLiteral("decision"), QStringLiteral("reject")},
                                                                  {QStringLiteral("feedback"), QStringLiteral("Wrong launch date")}})
                                            .toJson(),
                                        {{"Authorization", "Bearer " + server.login(QStringLiteral("max"))},
                                         {"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();

    proxy.setRefusing(false);
    ASSERT_TRUE(QTest::qWaitFor([&] { return bar->isVisible(); }, 10000));
    const QString notice = window->findChild<QLabel *>(QStringLiteral("conflictText"))->text();
    EXPECT_TRUE(notice.startsWith(QStringLiteral("Your decision “Approved” on “Launch email t-1” was not taken"))) << notice.toStdString();
    EXPECT_TRUE(notice.contains(QStringLiteral("It stands as “Rejected” by max."))) << notice.toStdString();
    ASSERT_TRUE(waitForCallbacks(1));
    EXPECT_EQ(callbacks.received().size(), 1) << "the agent hears one decision: max's";
    EXPECT_EQ(lastCallback().value(QLatin1String("decided_by")).toString(), QStringLiteral("max"));

    QTest::mouseClick(window->findChild<QPushButton *>(QStringLiteral("dismissConflict")), Qt::LeftButton);
    ASSERT_TRUE(waitForCache());
    EXPECT_FALSE(bar->isVisible());
}

} // namespace countersign::test
