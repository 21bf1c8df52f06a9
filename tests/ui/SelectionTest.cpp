// The reviewer's selection is theirs alone (issue 13, items 3, 4 and 6): an approval decided elsewhere or
// escalated away under an open edit stays on screen, read-only and marked, until the reviewer moves on; nothing
// is ever selected for them; a filter change keeps their item; an escalation that takes an item out of their
// view (live or while they were offline) takes it out of their pending queue; the window fits a small screen.
#include "UiFixture.h"

#include "decide/OutputEditor.h"
#include "detail/ApprovalDetailView.h"
#include "queue/FilterBar.h"

#include "CacheFileLock.h"
#include "Http.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>

namespace countersign::test {

namespace {

// High priority waits 10 minutes, then escalates from Manager to CFO.
const QByteArray EscalatingPolicies = R"({"routing": {"default_route": "Manager"},
    "timeouts": {"per_priority": {"high": 600}},
    "escalation": {"priorities": ["high"], "chain": ["Manager", "CFO"]}})";

} // namespace

class Selection : public UiFixture
{
protected:
    explicit Selection(QByteArray policies = SeedRouting)
        : UiFixture(std::move(policies))
    {
    }

    ui::MainWindow *window = nullptr;

    void select(const QString &id) { ASSERT_TRUE(selectAndShow(*window, id)); }
    QPushButton *button(const char *name) { return window->findChild<QPushButton *>(QString::fromLatin1(name)); }

    // Another approver decides over the REST API, as the CLI does.
    void decideAs(const QString &user, const QString &id, const QString &decision, const QString &feedback = {})
    {
        Http http;
        const HttpResponse r = http.request(
            "POST", server.url(QStringLiteral("/api/v1/approvals/%1/decision").arg(id)),
            QJsonDocument(QJsonObject{{QStringLiteral("decision"), decision}, {QStringLiteral("feedback"), feedback}}).toJson(),
            {{"Authorization", "Bearer " + server.login(user)}, {"Content-Type", "application/json"}});
        ASSERT_EQ(r.status, 200) << r.body.toStdString();
    }

    // As the cache has it (read on the cache's thread).
    QString approvalStatus(const QString &id)
    {
        std::optional<QString> status;
        app->session()->store().approval(id, nullptr, [&](const std::optional<QJsonObject> &a) {
            status = a.value_or(QJsonObject()).value(QLatin1String("status")).toString();
        });
        EXPECT_TRUE(QTest::qWaitFor([&] { return status.has_value(); }, 5000));
        return status.value_or(QString());
    }
};

TEST_F(Selection, NothingIsSelectedForTheReviewerAndDecisionKeysDoNothingWithoutASelection)
{
    submit(QStringLiteral("t-1"));
    window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 1));
    EXPECT_TRUE(window->currentApprovalId().isEmpty()) << "the window does not pick an item for the reviewer";
    submit(QStringLiteral("t-2"));
    ASSERT_TRUE(waitForRows(*window, 2));
    EXPECT_TRUE(window->currentApprovalId().isEmpty()) << "nor does a new arrival";

    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_Return, Qt::ControlModifier);
    QCoreApplication::processEvents();
    ASSERT_TRUE(waitForCache());
    EXPECT_EQ(app->session()->sync().pending(), 0) << "Ctrl+Return with nothing selected decides nothing";
    EXPECT_TRUE(callbacks.received().isEmpty());

    // Ctrl+J starts at the first item.
    window->action(QStringLiteral("actionNext"))->trigger();
    EXPECT_EQ(window->queueView().currentIndex().row(), 0);
}

TEST_F(Selection, AnItemDecidedElsewhereUnderAnOpenEditStaysWithTheEditReadOnly)
{
    const QString first = submit(QStringLiteral("t-1"));
    server.clock().advance(1000);  // the oldest first: t-1, then t-2
    const QString second = submit(QStringLiteral("t-2"));
    window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 2));
    select(first);
    window->decisions().editOrSendEdits();
    auto *subject = qobject_cast<QLineEdit *>(window->decisions().editor().fieldEditor(QStringLiteral("subject")));
    ASSERT_TRUE(subject);
    subject->selectAll();
    QTest::keyClicks(subject, QStringLiteral("A subject mia is writing"));

    // max approves it from the CLI meanwhile.
    decideAs(QStringLiteral("max"), first, QStringLiteral("approve"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return approvalStatus(first) == QLatin1String("approved"); }, 10000));
    // The window reads the changed approval from the cache on its thread, then shows it.
    ASSERT_TRUE(QTest::qWaitFor([&] {
        return window->detail().approval().status == Status::Approved;
    }, 10000));

    EXPECT_EQ(window->currentApprovalId(), first) << "the selection does not jump to another item";
    EXPECT_EQ(window->detail().approval().id, first);
    EXPECT_EQ(window->queueView().model()->rowCount(), 2) << "the decided item stays in the list until the reviewer moves on";
    EXPECT_TRUE(window->decisions().notice().startsWith(QStringLiteral("Approved by max at "))) << window->decisions().notice().toStdString();
    EXPECT_FALSE(button("approveButton")->isEnabled());
    EXPECT_FALSE(button("editButton")->isEnabled());
    EXPECT_FALSE(button("rejectButton")->isEnabled());
    EXPECT_FALSE(button("reviseButton")->isEnabled());
    EXPECT_TRUE(window->decisions().isEditing()) << "the edit stays on screen";
    EXPECT_EQ(subject->text(), QStringLiteral("A subject mia is writing")) << "with what was typed";
    EXPECT_TRUE(subject->isReadOnly()) << "read-only, still selectable and copyable";

    // A decision key now acts on nothing: not on the decided item, and never on the other one.
    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_Return, Qt::ControlModifier);
    QCoreApplication::processEvents();
    ASSERT_TRUE(waitForCache());
    EXPECT_EQ(app->session()->sync().pending(), 0);
    EXPECT_EQ(approvalStatus(second), QStringLiteral("pending"));

    // The reviewer moves on: the decided item leaves the pending queue, the other one is shown.
    window->decisions().cancelEdit();
    window->action(QStringLiteral("actionNext"))->trigger();
    EXPECT_EQ(window->currentApprovalId(), second);
    ASSERT_TRUE(waitForDetail(*window, second));
    ASSERT_TRUE(waitForRows(*window, 1));
    EXPECT_EQ(window->currentApprovalId(), second);
    EXPECT_TRUE(window->decisions().notice().isEmpty());
    EXPECT_TRUE(button("approveButton")->isEnabled());
}

TEST_F(Selection, ADecisionKeyBeforeTheNextItemIsReadDecidesNothing)
{
    const QString first = submit(QStringLiteral("t-1"));
    server.clock().advance(1000);
    const QString second = submit(QStringLiteral("t-2"));
    window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 2));
    ASSERT_TRUE(selectAndShow(*window, first));

    // Another process writes to the cache file: the window's next read waits behind a write that waits for it.
    test::CacheFileLock other(app->session()->store().path());
    ASSERT_TRUE(other.hold());
    app->session()->store().applyApprovals({});
    ASSERT_TRUE(window->selectApproval(second));
    ASSERT_EQ(window->detail().approval().id, first) << "the second item is still being read";
    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_Return, Qt::ControlModifier);  // approve: meant for the highlighted item
    window->decisions().approve();                                 // and the button, had it stayed enabled
    ASSERT_TRUE(other.release());

    ASSERT_TRUE(waitForDetail(*window, second));
    ASSERT_TRUE(waitForCache());
    EXPECT_EQ(app->session()->sync().pending(), 0) << "nothing was decided: not the item shown before, not the one not yet shown";
    EXPECT_EQ(approvalStatus(first), QStringLiteral("pending"));
    EXPECT_EQ(approvalStatus(second), QStringLiteral("pending"));
    EXPECT_TRUE(button("approveButton")->isEnabled()) << "once the item is shown, it can be decided";
}

TEST_F(Selection, MyOwnDecisionKeepsTheItemOnScreenUntilIMoveOn)
{
    const QString first = submit(QStringLiteral("t-1"));
    submit(QStringLiteral("t-2"));
    window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 2));
    select(first);
    window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(window));
    QTest::keyClick(window, Qt::Key_Return, Qt::ControlModifier);
    ASSERT_TRUE(waitForCallbacks(1)) << "Ctrl+Return approves the selected item";
    ASSERT_TRUE(QTest::qWaitFor([&] { return window->decisions().notice().startsWith(QStringLiteral("Approved by mia")); }, 10000))
        << window->decisions().notice().toStdString();
    EXPECT_EQ(window->currentApprovalId(), first);
    // Pressing the key again does not approve the next item.
    QTest::keyClick(window, Qt::Key_Return, Qt::ControlModifier);
    QCoreApplication::processEvents();
    ASSERT_TRUE(waitForCache());
    EXPECT_EQ(callbacks.received().size(), 1);
    EXPECT_EQ(app->session()->sync().pending(), 0);
}

TEST_F(Selection, ANewSearchOrFilterKeepsTheSelectedItem)
{
    submit(QStringLiteral("t-1"));
    const QString second = submit(QStringLiteral("t-2"), {{QStringLiteral("agent"), QStringLiteral("Pricing Analyst")}});
    submit(QStringLiteral("t-3"));
    window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 3));
    select(second);
    window->decisions().editOrSendEdits();

    QTest::keyClicks(&window->filters().search(), QStringLiteral("pricing"));
    EXPECT_EQ(window->queueView().model()->rowCount(), 1);
    EXPECT_EQ(window->currentApprovalId(), second);
    window->filters().search().clear();
    EXPECT_EQ(window->queueView().model()->rowCount(), 3);
    EXPECT_EQ(window->currentApprovalId(), second) << "clearing the search does not move the selection";
    window->filters().priority().setCurrentIndex(window->filters().priority().findData(QStringLiteral("critical")));
    EXPECT_EQ(window->currentApprovalId(), second) << "the selected item stays, even where a filter would hide it";
    EXPECT_TRUE(window->decisions().isEditing()) << "and so does the edit";
}

class Escalation : public Selection
{
protected:
    Escalation()
        : Selection(EscalatingPolicies)
    {
    }
    QString submitHigh(const QString &taskId) { return submit(taskId, {{QStringLiteral("priority"), QStringLiteral("high")}}); }
};

TEST_F(Escalation, AnItemEscalatedAwayBecomesReadOnlyAndLeavesThePendingQueue)
{
    const QString id = submitHigh(QStringLiteral("t-1"));
    server.clock().advance(1000);  // the oldest first: t-1, then t-2
    const QString other = submit(QStringLiteral("t-2"));
    window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 2));
    ASSERT_EQ(tray.pending, 2);
    select(id);

    server.clock().advance(600 * 1000 + 1000);  // the deadline: Manager -> CFO
    ASSERT_TRUE(QTest::qWaitFor([&] { return window->decisions().notice().startsWith(QStringLiteral("Escalated to CFO at ")); }, 10000))
        << window->decisions().notice().toStdString();
    EXPECT_EQ(window->currentApprovalId(), id) << "still the reviewer's item on screen";
    EXPECT_FALSE(button("approveButton")->isEnabled()) << "no longer theirs to decide";
    EXPECT_FALSE(button("rejectButton")->isEnabled());
    EXPECT_TRUE(window->detail().approval().route == QLatin1String("CFO"));
    EXPECT_EQ(tray.pending, 1) << "it no longer counts as waiting for mia";

    window->action(QStringLiteral("actionNext"))->trigger();
    ASSERT_TRUE(waitForRows(*window, 1)) << visibleTitles(*window).join(QStringLiteral(", ")).toStdString() << " current "
                                         << window->currentApprovalId().toStdString() << " other " << other.toStdString();
    EXPECT_EQ(visibleTitles(*window), QStringList{QStringLiteral("Launch email t-2")});
    EXPECT_EQ(window->currentApprovalId(), other);
}

// Issue 15, item 4: the route a reviewer filters by stays chosen, with its count, when its last approval is
// escalated to another route; the box is updated in place (an open list does not collapse on every push).
TEST_F(Escalation, TheChosenRouteStaysChosenWhenItsLastItemIsEscalated)
{
    server.addUser(QStringLiteral("dora"), {QStringLiteral("Manager"), QStringLiteral("CFO")});
    const QString id = submitHigh(QStringLiteral("t-1"));
    window = &signInAs(QStringLiteral("dora"));
    ASSERT_TRUE(waitForRows(*window, 1));
    ui::FilterBar &filters = window->filters();
    filters.recount();
    filters.route().setCurrentIndex(filters.route().findData(QStringLiteral("Manager")));
    ASSERT_EQ(filters.route().currentText(), QStringLiteral("Manager (1)"));
    QSignalSpy removed(filters.route().model(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(filters.route().model(), &QAbstractItemModel::modelReset);

    server.clock().advance(600 * 1000 + 1000);  // the deadline: Manager -> CFO
    ASSERT_TRUE(QTest::qWaitFor([&] { return filters.route().findData(QStringLiteral("CFO")) >= 0; }, 10000));
    EXPECT_EQ(filters.route().currentData().toString(), QStringLiteral("Manager")) << "the box shows what the queue is filtered by";
    EXPECT_EQ(filters.route().currentText(), QStringLiteral("Manager (0)"));
    EXPECT_EQ(filters.route().itemText(filters.route().findData(QStringLiteral("CFO"))), QStringLiteral("CFO (1)"));
    EXPECT_TRUE(waitForRows(*window, 0)) << "and the queue agrees: nothing on the Manager route";
    EXPECT_EQ(removed.count() + reset.count(), 0) << "updated in place, not refilled";

    filters.route().setCurrentIndex(0);  // "All routes": the choice no approval has leaves the list
    filters.recount();
    EXPECT_EQ(filters.route().findData(QStringLiteral("Manager")), -1);
    EXPECT_TRUE(waitForRows(*window, 1));
}

TEST_F(Escalation, AnEscalationWhileOfflineIsToldAtTheReconnect)
{
    submitHigh(QStringLiteral("t-1"));
    window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 1));

    proxy.setRefusing(true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Offline; }, 10000));
    server.clock().advance(600 * 1000 + 1000);
    proxy.setRefusing(false);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Online; }, 10000));
    ASSERT_TRUE(waitForRows(*window, 0)) << "the escalated item left mia's pending queue";
    EXPECT_EQ(tray.pending, 0);
}

TEST_F(Escalation, ItStaysForWhoeverStillHoldsTheNewRoute)
{
    // dora holds both roles: the escalation brings the item to him as an ordinary change, not a withdrawal.
    server.addUser(QStringLiteral("dora"), {QStringLiteral("Manager"), QStringLiteral("CFO")});
    const QString id = submitHigh(QStringLiteral("t-1"));
    window = &signInAs(QStringLiteral("dora"));
    ASSERT_TRUE(waitForRows(*window, 1));
    select(id);
    server.clock().advance(600 * 1000 + 1000);
    ASSERT_TRUE(QTest::qWaitFor([&] { return window->detail().approval().route == QLatin1String("CFO"); }, 10000));
    EXPECT_TRUE(window->decisions().notice().isEmpty());
    EXPECT_TRUE(button("approveButton")->isEnabled()) << "dora may still decide it as CFO";
}

// A long contract open in the editor, in German, offline: the window still fits a 1024x640 screen and does not
// grow when the editor opens.
TEST_F(Selection, TheWindowFitsASmallScreenWithTheEditorOpen)
{
    QString contract;
    for (int i = 0; i < 400; ++i)
        contract += QStringLiteral("Clause %1. The supplier shall deliver the goods described in annex A.\n").arg(i);
    const QString id = submit(QStringLiteral("t-1"), {{QStringLiteral("output"), QJsonObject{
        {QStringLiteral("contract_text"), contract}, {QStringLiteral("summary"), contract.left(3000)},
        {QStringLiteral("terms"), contract.left(2000)}, {QStringLiteral("cc"), QJsonArray{QStringLiteral("a@example.com"), QStringLiteral("b@example.com")}}}}});
    window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 1));
    select(id);
    QCoreApplication::processEvents();
    const QSize before = window->size();
    const QRect available = window->screen()->availableGeometry();
    EXPECT_LE(before.width(), available.width());
    EXPECT_LE(before.height(), available.height());

    window->decisions().editOrSendEdits();
    proxy.setRefusing(true);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == client::Connection::State::Offline; }, 10000));
    QCoreApplication::processEvents();
    // The window itself never needs more than the screen has: its pages scroll when the screen is smaller.
    const QSize minimum = window->minimumSizeHint();
    EXPECT_LE(minimum.width(), available.width()) << "minimum " << minimum.width() << "x" << minimum.height();
    EXPECT_LE(minimum.height(), available.height()) << "minimum " << minimum.width() << "x" << minimum.height();
    EXPECT_EQ(window->size(), before) << "opening the editor does not resize the window";
    // And on a 1024x640 screen the queue page needs no scroll bar: it fits beside the menu, tabs and status bar.
    const QSize page = window->findChild<QWidget *>(QStringLiteral("queuePage"))->minimumSizeHint();
    EXPECT_LE(page.width(), 1024 - 20) << "queue page minimum " << page.width() << "x" << page.height();
    EXPECT_LE(page.height(), 640 - 120) << "queue page minimum " << page.width() << "x" << page.height();
    // At 1024x640, the buttons to send or leave the edit are on screen, whole, not scrolled away.
    window->resize(1024, 640);
    QWidget *queuePage = window->findChild<QWidget *>(QStringLiteral("queuePage"));
    ASSERT_TRUE(QTest::qWaitFor([&] {  // laid out: the page fills its scroll area's viewport
        return window->size() == QSize(1024, 640) && queuePage->size() == queuePage->parentWidget()->size();
    }, 5000)) << "the queue page is larger than the room it has";
    for (const char *name : {"editButton", "cancelEditButton"}) {
        QPushButton *b = button(name);
        const QRect inWindow(b->mapTo(window, QPoint(0, 0)), b->size());
        EXPECT_TRUE(window->rect().contains(inWindow)) << name;
        EXPECT_EQ(b->visibleRegion().boundingRect().size(), b->size()) << name << " is cut off";
    }
}

} // namespace countersign::test
