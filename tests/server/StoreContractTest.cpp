// What every Store (server/store/Store.h) must do, the same on SQLite and on PostgreSQL: each test runs once per
// driver, through the interface alone and the way the StoreWorker drives it (beginBatch, beginJob/endJob per
// request, commitBatch). The SQLite-only behaviour (WAL mode, schema versions) is in SqliteStoreTest.cpp.
#include "TestPostgres.h"
#include "store/AuditChain.h"
#include "store/SqliteStore.h"

#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

using namespace countersign;
using namespace countersign::server;

namespace {

constexpr qint64 T0 = 1'700'000'000'000;  // a fixed moment: the tests use no clock

QDateTime at(qint64 offsetMs)
{
    return QDateTime::fromMSecsSinceEpoch(T0 + offsetMs, Qt::UTC);
}

Approval anApproval(const QString &id, const QString &route = QStringLiteral("Manager"),
                    const QString &source = QStringLiteral("crew-a"))
{
    Approval a;
    a.id = id;
    a.taskId = QStringLiteral("task-") + id;
    a.source = source;
    a.agent = QStringLiteral("Copywriter");
    a.title = QStringLiteral("Approve ") + id;
    a.output = QJsonObject{{QStringLiteral("subject"), QString(QStringLiteral("Hello ") + id)}};
    a.route = route;
    a.createdAt = a.updatedAt = at(0);
    return a;
}

Event anEvent(const QString &approvalId, const QString &action, int version = 1, qint64 atMs = 0)
{
    Event e;
    e.at = at(atMs);
    e.actor = QStringLiteral("system");
    e.action = action;
    e.approvalId = approvalId;
    e.version = version;
    return e;
}

Delivery aDelivery(const QString &id, const QString &kind, qint64 nextAttemptMs, const QString &approvalId = QStringLiteral("a1"))
{
    Delivery d;
    d.id = id;
    d.kind = kind;
    d.approvalId = approvalId;
    d.source = QStringLiteral("crew-a");
    d.url = QStringLiteral("http://127.0.0.1:9/callback");
    d.body = R"({"approval_id":"a1"})";
    d.createdAtMs = T0;
    d.nextAttemptAtMs = nextAttemptMs;
    return d;
}

User aUser(const QString &username, const QStringList &roles)
{
    User u;
    u.username = username;
    u.displayName = username.toUpper();
    u.email = username + QStringLiteral("@example.test");
    u.roles = roles;
    u.passwordHash = "ab01";
    u.salt = "cd02";
    u.iterations = 1000;
    u.createdAt = at(0);
    return u;
}

// Ids as "a,b,c": what a failing comparison prints readably.
std::string joined(const QStringList &list)
{
    return list.join(u',').toStdString();
}

template<typename T>
std::string idsOf(const QList<T> &list)
{
    QStringList ids;
    for (const T &item : list)
        ids.append(item.id);
    return joined(ids);
}

Visibility everything()
{
    Visibility v;
    v.all = true;
    return v;
}

// The audit chain as `countersignd audit verify` checks it (server/admin/AuditCommands.cpp): the first entry
// follows the genesis hash, each later one the entry before it, each hash covers its entry. Also: seq rises.
::testing::AssertionResult chainIsIntact(const QList<AuditEntry> &entries)
{
    QByteArray expectedPrev = audit::GenesisHash;
    qint64 lastSeq = 0;
    for (const AuditEntry &e : entries) {
        if (e.prevHash != expectedPrev)
            return ::testing::AssertionFailure() << "entry seq " << e.event.seq << " does not follow the one before it";
        if (audit::entryHash(e.prevHash, e.event) != e.hash)
            return ::testing::AssertionFailure() << "entry seq " << e.event.seq << " does not match its hash";
        if (e.event.seq <= lastSeq)
            return ::testing::AssertionFailure() << "seq " << e.event.seq << " after " << lastSeq;
        expectedPrev = e.hash;
        lastSeq = e.event.seq;
    }
    return ::testing::AssertionSuccess();
}

} // namespace

// The parameter names the driver; each has a factory: a fresh database, and a store on it (not yet opened).
class StoreContract : public ::testing::TestWithParam<const char *>
{
protected:
    void SetUp() override
    {
        if (isPostgres())
            m_location = test::freshPostgresDatabase();
        else
            m_location = m_dir.filePath(QStringLiteral("db.sqlite"));
        m_store = openStore();
    }

    bool isPostgres() const { return qstrcmp(GetParam(), "postgres") == 0; }

    // Another store on the same database: another connection, as a second node or an admin command has.
    std::unique_ptr<Store> openStore()
    {
        std::unique_ptr<Store> store;
        if (isPostgres())
            store = test::makePostgresStore(m_location);
        else
            store = std::make_unique<SqliteStore>(SqliteStore::Options{m_location, false, QString()});
        if (!store)
            throw std::runtime_error(std::string("no store for driver ") + GetParam());
        store->open();
        return store;
    }

    // One request's work inside the open batch, as the StoreWorker runs it: kept, or rolled back (a failed job).
    void keptJob(const std::function<void(Store &)> &work) { job(work, true); }
    void droppedJob(const std::function<void(Store &)> &work) { job(work, false); }
    void job(const std::function<void(Store &)> &work, bool keep)
    {
        m_store->beginJob();
        work(*m_store);
        m_store->endJob(keep);
    }

    // One request's work in a batch of its own, committed.
    void commit(const std::function<void(Store &)> &job) { commitOn(*m_store, job); }
    static void commitOn(Store &store, const std::function<void(Store &)> &job)
    {
        store.beginBatch();
        store.beginJob();
        job(store);
        store.endJob(true);
        store.commitBatch();
    }

    // Stores `a` with its `created` event (the approval's seq is its newest event's, as the server keeps it).
    static Approval create(Store &store, Approval a, qint64 atMs = 0)
    {
        Event e = anEvent(a.id, QStringLiteral("created"), a.version, atMs);
        store.appendEvent(e);
        a.seq = e.seq;
        store.insertApproval(a, "hash-" + a.id.toUtf8());
        return a;
    }

    // Appends `e` to the approval's history and records it as the approval's newest change.
    static void change(Store &store, Approval &a, Event e)
    {
        store.appendEvent(e);
        a.seq = e.seq;
        store.updateApproval(a);
    }

    Store &store() { return *m_store; }
    void restart()
    {
        m_store->close();
        m_store = openStore();
    }

private:
    QTemporaryDir m_dir;  // declared first: removed after the store is closed
    QString m_location;
    std::unique_ptr<Store> m_store;
};

TEST_P(StoreContract, ARetriedSubmissionFindsTheFirst)
{
    commit([&](Store &s) { create(s, anApproval(QStringLiteral("a1"))); });
    EXPECT_TRUE(store().isReachable());

    const std::optional<StoredApproval> byTask = store().findByTask(QStringLiteral("crew-a"), QStringLiteral("task-a1"));
    ASSERT_TRUE(byTask);
    EXPECT_EQ(byTask->approval.id, QStringLiteral("a1"));
    EXPECT_EQ(byTask->approval.title, QStringLiteral("Approve a1"));
    EXPECT_EQ(byTask->approval.output.toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Hello a1"));
    EXPECT_EQ(byTask->bodyHash, QByteArray("hash-a1"));  // what tells a retry from a different submission
    const std::optional<StoredApproval> byId = store().findById(QStringLiteral("a1"));
    ASSERT_TRUE(byId);
    EXPECT_EQ(byId->approval.taskId, QStringLiteral("task-a1"));
    EXPECT_EQ(byId->approval.createdAt, at(0));

    // Task ids belong to their source: another agent's task of the same name is another approval.
    EXPECT_FALSE(store().findByTask(QStringLiteral("crew-b"), QStringLiteral("task-a1")));
    EXPECT_FALSE(store().findById(QStringLiteral("a2")));
}

TEST_P(StoreContract, ASecondApprovalForTheSameTaskIsRefusedAndOnlyItsJobIsLost)
{
    store().beginBatch();
    keptJob([&](Store &s) { create(s, anApproval(QStringLiteral("a1"))); });
    droppedJob([&](Store &s) {
        Approval twin = anApproval(QStringLiteral("a2"));
        twin.taskId = QStringLiteral("task-a1");
        EXPECT_THROW(create(s, twin), StoreError);
    });
    // The batch goes on after the failed job (on PostgreSQL: the transaction is not left aborted).
    keptJob([&](Store &s) { create(s, anApproval(QStringLiteral("a3"), QStringLiteral("Manager"), QStringLiteral("crew-b"))); });
    store().commitBatch();

    EXPECT_TRUE(store().findById(QStringLiteral("a1")));
    EXPECT_FALSE(store().findById(QStringLiteral("a2")));
    EXPECT_TRUE(store().findById(QStringLiteral("a3")));
    EXPECT_TRUE(chainIsIntact(store().auditAfter(0, 100)));
    EXPECT_EQ(store().auditAfter(0, 100).size(), 2);
}

TEST_P(StoreContract, ADecisionIsWhatTheNextReadShows)
{
    Approval a;
    commit([&](Store &s) { a = create(s, anApproval(QStringLiteral("a1"))); });
    commit([&](Store &s) {
        a.status = Status::Approved;
        a.updatedAt = at(5000);
        a.decision = Decision{QStringLiteral("approve"), QStringLiteral("fine"), a.output, false, QStringLiteral("mia"),
                              QStringLiteral("Manager"), at(5000), 1, QString()};
        Event e = anEvent(a.id, QStringLiteral("decided"), 1, 5000);
        e.actor = QStringLiteral("mia");
        e.details = {{QStringLiteral("decision"), QStringLiteral("approve")}};
        change(s, a, e);
    });

    const std::optional<StoredApproval> read = store().findById(QStringLiteral("a1"));
    ASSERT_TRUE(read);
    EXPECT_EQ(read->approval.status, Status::Approved);
    ASSERT_TRUE(read->approval.decision);
    EXPECT_EQ(read->approval.decision->decidedBy, QStringLiteral("mia"));
    EXPECT_EQ(read->approval.decision->feedback, QStringLiteral("fine"));
    EXPECT_EQ(read->approval.seq, a.seq);
    EXPECT_EQ(read->bodyHash, QByteArray("hash-a1"));  // an update keeps what the retry check compares

    // Updating what was never stored is an error, not a silent no-op.
    store().beginBatch();
    droppedJob([&](Store &s) { EXPECT_THROW(s.updateApproval(anApproval(QStringLiteral("ghost"))), StoreError); });
    store().commitBatch();
}

TEST_P(StoreContract, EventsGetStrictlyIncreasingSeqsInOneIntactChainAcrossBatchesRollbacksAndRestarts)
{
    qint64 last = 0;
    store().beginBatch();
    store().insertApproval(anApproval(QStringLiteral("a")), "hash");
    for (int i = 0; i < 3; ++i) {
        Event e = anEvent(QStringLiteral("a"), QStringLiteral("step"), 1, i);
        e.details = {{QStringLiteral("i"), i}};
        e.ip = i == 1 ? QStringLiteral("192.0.2.7") : QString();
        store().appendEvent(e);
        EXPECT_GT(e.seq, last);
        last = e.seq;
    }
    EXPECT_EQ(store().currentSeq(), last);
    droppedJob([&](Store &s) {  // rolled back: its seq is handed out again, never a lower one
        Event dropped = anEvent(QStringLiteral("a"), QStringLiteral("dropped"));
        s.appendEvent(dropped);
    });
    EXPECT_EQ(store().currentSeq(), last);
    store().commitBatch();

    // A restart continues the same chain after the same seq.
    restart();
    commit([&](Store &s) {
        Event e = anEvent(QStringLiteral("a"), QStringLiteral("after restart"), 1, 10);
        s.appendEvent(e);
        EXPECT_EQ(e.seq, last + 1);
    });

    const QList<Event> history = store().eventsFor(QStringLiteral("a"));
    ASSERT_EQ(history.size(), 4);
    EXPECT_EQ(history.at(1).ip, QStringLiteral("192.0.2.7"));
    EXPECT_EQ(history.at(2).details.value(QLatin1String("i")).toInt(), 2);
    EXPECT_EQ(history.at(3).action, QStringLiteral("after restart"));
    const QList<AuditEntry> audit = store().auditAfter(0, 100);
    ASSERT_EQ(audit.size(), 4);
    EXPECT_TRUE(chainIsIntact(audit));
    // Paging through the log, as the export does.
    const QList<AuditEntry> page = store().auditAfter(audit.at(1).event.seq, 1);
    ASSERT_EQ(page.size(), 1);
    EXPECT_EQ(page.first().event.seq, audit.at(2).event.seq);
    EXPECT_EQ(page.first().hash, audit.at(2).hash);
}

TEST_P(StoreContract, ARolledBackJobLeavesNothingWhileTheOthersCommit)
{
    store().beginBatch();
    keptJob([&](Store &s) { create(s, anApproval(QStringLiteral("kept"))); });
    droppedJob([&](Store &s) {
        create(s, anApproval(QStringLiteral("lost")));
        s.insertDelivery(aDelivery(QStringLiteral("d-lost"), QString::fromLatin1(Delivery::Callback), T0, QStringLiteral("lost")));
        s.saveUser(aUser(QStringLiteral("lost"), {QStringLiteral("Manager")}));
        s.insertToken("token-lost", QStringLiteral("lost"), T0, T0 + 1000);
    });
    keptJob([&](Store &s) { create(s, anApproval(QStringLiteral("kept2"))); });
    store().commitBatch();

    EXPECT_TRUE(store().findById(QStringLiteral("kept")));
    EXPECT_TRUE(store().findById(QStringLiteral("kept2")));
    EXPECT_FALSE(store().findById(QStringLiteral("lost")));
    EXPECT_TRUE(store().eventsFor(QStringLiteral("lost")).isEmpty());
    EXPECT_TRUE(store().dueDeliveries(T0 + 1, {QString::fromLatin1(Delivery::Callback)}, 10, {}).isEmpty());
    EXPECT_FALSE(store().findUser(QStringLiteral("lost")));
    EXPECT_FALSE(store().tokenUser("token-lost", T0));
    // The seq the lost job took went to the next job: no gap, no fork in the chain.
    const QList<AuditEntry> audit = store().auditAfter(0, 100);
    ASSERT_EQ(audit.size(), 2);
    EXPECT_EQ(audit.at(1).event.seq, audit.at(0).event.seq + 1);
    EXPECT_TRUE(chainIsIntact(audit));
}

TEST_P(StoreContract, ARolledBackBatchLeavesNothing)
{
    store().beginBatch();
    create(store(), anApproval(QStringLiteral("a1")));
    store().saveUser(aUser(QStringLiteral("mia"), {QStringLiteral("Manager")}));
    store().insertToken("token", QStringLiteral("mia"), T0, T0 + 1000);
    store().insertDelivery(aDelivery(QStringLiteral("d1"), QString::fromLatin1(Delivery::Callback), T0));
    store().rollbackBatch();

    EXPECT_FALSE(store().findById(QStringLiteral("a1")));
    EXPECT_TRUE(store().eventsFor(QStringLiteral("a1")).isEmpty());
    EXPECT_FALSE(store().findUser(QStringLiteral("mia")));
    EXPECT_FALSE(store().tokenUser("token", T0));
    EXPECT_FALSE(store().nextDeliveryDueMs({QString::fromLatin1(Delivery::Callback)}));
    // The next batch starts the chain as if nothing had been.
    commit([&](Store &s) { create(s, anApproval(QStringLiteral("a2"))); });
    const QList<AuditEntry> audit = store().auditAfter(0, 100);
    ASSERT_EQ(audit.size(), 1);
    EXPECT_EQ(audit.first().prevHash, audit::GenesisHash);
    EXPECT_TRUE(chainIsIntact(audit));
}

TEST_P(StoreContract, CallbacksAndNotificationsComeDueByKindOldestFirst)
{
    const QString callback = QString::fromLatin1(Delivery::Callback);
    const QString email = QString::fromLatin1(Delivery::Email);
    commit([&](Store &s) {
        create(s, anApproval(QStringLiteral("a1")));
        s.insertDelivery(aDelivery(QStringLiteral("c300"), callback, T0 + 300));
        s.insertDelivery(aDelivery(QStringLiteral("c100"), callback, T0 + 100));
        s.insertDelivery(aDelivery(QStringLiteral("e200"), email, T0 + 200));
        s.insertDelivery(aDelivery(QStringLiteral("c150"), callback, T0 + 150));
    });

    EXPECT_EQ(idsOf(store().dueDeliveries(T0 + 250, {callback}, 10, {})), "c100,c150");
    EXPECT_EQ(idsOf(store().dueDeliveries(T0 + 1000, {callback, email}, 10, {})),
              "c100,c150,e200,c300");
    EXPECT_EQ(idsOf(store().dueDeliveries(T0 + 1000, {callback, email}, 2, {})), "c100,c150");
    // Those already in flight are left out.
    EXPECT_EQ(idsOf(store().dueDeliveries(T0 + 1000, {callback}, 10, {QStringLiteral("c100"), QStringLiteral("c300")})),
              "c150");
    EXPECT_EQ(store().nextDeliveryDueMs({callback}), T0 + 100);
    EXPECT_EQ(store().nextDeliveryDueMs({email}), T0 + 200);
    EXPECT_FALSE(store().nextDeliveryDueMs({QString::fromLatin1(Delivery::Slack)}));

    const QList<Delivery> due = store().dueDeliveries(T0 + 100, {callback}, 1, {});
    ASSERT_EQ(due.size(), 1);
    EXPECT_EQ(due.first().body, QByteArray(R"({"approval_id":"a1"})"));
    EXPECT_EQ(due.first().url, QStringLiteral("http://127.0.0.1:9/callback"));
    EXPECT_EQ(due.first().approvalId, QStringLiteral("a1"));

    // A failed attempt is tried again later; a delivered one never again.
    commit([&](Store &s) {
        Delivery failed = due.first();
        failed.attempts = 1;
        failed.lastError = QStringLiteral("connection refused");
        failed.nextAttemptAtMs = T0 + 5000;
        s.updateDelivery(failed);
        Delivery delivered = aDelivery(QStringLiteral("c150"), callback, T0 + 150);
        delivered.attempts = 1;
        delivered.state = Delivery::State::Delivered;
        s.updateDelivery(delivered);
    });
    EXPECT_EQ(idsOf(store().dueDeliveries(T0 + 1000, {callback}, 10, {})), "c300");
    EXPECT_EQ(store().nextDeliveryDueMs({callback}), T0 + 300);
    const QList<Delivery> retried = store().dueDeliveries(T0 + 5000, {callback}, 10, {});
    ASSERT_EQ(idsOf(retried), "c300,c100");
    EXPECT_EQ(retried.at(1).attempts, 1);
    EXPECT_EQ(retried.at(1).lastError, QStringLiteral("connection refused"));
}

TEST_P(StoreContract, DeadlinesAndRemindersOfPendingApprovalsComeDue)
{
    commit([&](Store &s) {
        Approval expiring = anApproval(QStringLiteral("expiring"));
        expiring.expiresAt = at(1000);
        create(s, expiring);
        Approval reminded = anApproval(QStringLiteral("reminded"));
        reminded.remindAt = at(500);
        reminded.expiresAt = at(2000);
        create(s, reminded);
        Approval decided = anApproval(QStringLiteral("decided"));
        decided.status = Status::Approved;
        decided.expiresAt = at(100);  // decided before its deadline: nothing is due for it
        create(s, decided);
        create(s, anApproval(QStringLiteral("untimed")));
    });

    EXPECT_EQ(store().nextDeadlineMs(), T0 + 500);
    EXPECT_TRUE(store().dueDeadlines(T0 + 499, 10).isEmpty());
    EXPECT_EQ(idsOf(store().dueDeadlines(T0 + 600, 10)), "reminded");
    const std::string both = idsOf(store().dueDeadlines(T0 + 1500, 10));
    EXPECT_TRUE(both == "expiring,reminded" || both == "reminded,expiring") << both;
    EXPECT_EQ(store().dueDeadlines(T0 + 1500, 1).size(), 1);

    // The reminder went out: the next moment is the other approval's deadline.
    commit([&](Store &s) {
        Approval reminded = s.findById(QStringLiteral("reminded"))->approval;
        reminded.remindAt = QDateTime();
        change(s, reminded, anEvent(reminded.id, QStringLiteral("reminded"), 1, 500));
    });
    EXPECT_EQ(store().nextDeadlineMs(), T0 + 1000);
    // It expired: only the reminded one's deadline is left.
    commit([&](Store &s) {
        Approval expiring = s.findById(QStringLiteral("expiring"))->approval;
        expiring.status = Status::Expired;
        change(s, expiring, anEvent(expiring.id, QStringLiteral("expired"), 1, 1000));
    });
    EXPECT_EQ(store().nextDeadlineMs(), T0 + 2000);
    EXPECT_EQ(idsOf(store().dueDeadlines(T0 + 1500, 10)), "");
}

TEST_P(StoreContract, MetricsCountDecisionsInTheirWindowFromTheStartOfTheirRoundAndThePendingBacklog)
{
    commit([&](Store &s) {
        Approval quick = create(s, anApproval(QStringLiteral("quick")), 1000);
        quick.status = Status::Approved;
        Event decided = anEvent(quick.id, QStringLiteral("decided"), 1, 5000);
        decided.actor = QStringLiteral("mia");
        decided.details = {{QStringLiteral("decision"), QStringLiteral("approve")}};
        change(s, quick, decided);

        Approval revised = anApproval(QStringLiteral("revised"), QStringLiteral("CFO"));
        revised.createdAt = at(2000);
        revised = create(s, revised, 2000);
        revised.version = 2;
        change(s, revised, anEvent(revised.id, QStringLiteral("revised"), 2, 3000));
        revised.status = Status::Rejected;
        Event rejected = anEvent(revised.id, QStringLiteral("decided"), 2, 7000);
        rejected.actor = QStringLiteral("carl");
        rejected.details = {{QStringLiteral("decision"), QStringLiteral("reject")}};
        change(s, revised, rejected);

        Approval late = create(s, anApproval(QStringLiteral("late")), 500);
        late.status = Status::Expired;
        change(s, late, anEvent(late.id, QStringLiteral("expired"), 1, 8000));

        Approval waiting1 = anApproval(QStringLiteral("waiting1"));
        waiting1.createdAt = at(4000);
        create(s, waiting1, 4000);
        Approval waiting2 = anApproval(QStringLiteral("waiting2"));
        waiting2.createdAt = at(6000);
        create(s, waiting2, 6000);
        Approval waiting3 = anApproval(QStringLiteral("waiting3"), QStringLiteral("Legal"));
        waiting3.createdAt = at(9000);
        create(s, waiting3, 9000);
    });

    const QList<DecisionRecord> window = store().decisionsBetween(T0 + 4000, T0 + 8000);  // [from, to)
    ASSERT_EQ(window.size(), 2);
    EXPECT_EQ(window.at(0).approvalId, QStringLiteral("quick"));
    EXPECT_EQ(window.at(0).route, QStringLiteral("Manager"));
    EXPECT_EQ(window.at(0).action, QStringLiteral("decided"));
    EXPECT_EQ(window.at(0).decision, QStringLiteral("approve"));
    EXPECT_EQ(window.at(0).decidedBy, QStringLiteral("mia"));
    EXPECT_EQ(window.at(0).startedMs, T0 + 1000);
    EXPECT_EQ(window.at(0).decidedMs, T0 + 5000);
    EXPECT_EQ(window.at(1).approvalId, QStringLiteral("revised"));
    EXPECT_EQ(window.at(1).route, QStringLiteral("CFO"));
    EXPECT_EQ(window.at(1).decision, QStringLiteral("reject"));
    EXPECT_EQ(window.at(1).version, 2);
    EXPECT_EQ(window.at(1).startedMs, T0 + 3000);  // its round began with the revision, not the creation

    const QList<DecisionRecord> expired = store().decisionsBetween(T0 + 8000, T0 + 8001);
    ASSERT_EQ(expired.size(), 1);
    EXPECT_EQ(expired.first().action, QStringLiteral("expired"));
    EXPECT_EQ(expired.first().decision, QStringLiteral("expired"));
    EXPECT_EQ(expired.first().startedMs, T0 + 500);

    const QList<RouteBacklog> backlog = store().backlog();
    ASSERT_EQ(backlog.size(), 2);
    EXPECT_EQ(backlog.at(0).route, QStringLiteral("Legal"));
    EXPECT_EQ(backlog.at(0).pending, 1);
    EXPECT_EQ(backlog.at(1).route, QStringLiteral("Manager"));
    EXPECT_EQ(backlog.at(1).pending, 2);
    EXPECT_EQ(backlog.at(1).oldestCreatedMs, T0 + 4000);
}

TEST_P(StoreContract, ASignInLastsUntilItExpiresOrIsRevoked)
{
    commit([&](Store &s) {
        s.saveUser(aUser(QStringLiteral("mia"), {QStringLiteral("Manager")}));
        s.saveUser(aUser(QStringLiteral("carl"), {QStringLiteral("CFO"), QStringLiteral("admin")}));
        s.insertToken("mia-laptop", QStringLiteral("mia"), T0, T0 + 1000);
        s.insertToken("mia-phone", QStringLiteral("mia"), T0, T0 + 1000);
        s.insertToken("carl-laptop", QStringLiteral("carl"), T0, T0 + 1000);
    });

    const std::optional<User> carl = store().findUser(QStringLiteral("carl"));
    ASSERT_TRUE(carl);
    EXPECT_EQ(joined(carl->roles), "CFO,admin");
    EXPECT_EQ(carl->displayName, QStringLiteral("CARL"));
    EXPECT_EQ(carl->email, QStringLiteral("carl@example.test"));
    EXPECT_EQ(carl->passwordHash, QByteArray("ab01"));
    EXPECT_EQ(carl->salt, QByteArray("cd02"));
    EXPECT_EQ(carl->iterations, 1000);
    EXPECT_FALSE(carl->disabled);
    EXPECT_EQ(carl->createdAt, at(0));
    EXPECT_FALSE(store().findUser(QStringLiteral("nobody")));

    EXPECT_EQ(store().tokenUser("mia-laptop", T0 + 999), QStringLiteral("mia"));
    EXPECT_FALSE(store().tokenUser("mia-laptop", T0 + 1000));  // expired
    EXPECT_FALSE(store().tokenUser("unknown", T0));

    commit([&](Store &s) { s.revokeToken("mia-laptop"); });  // signed out on the laptop
    EXPECT_FALSE(store().tokenUser("mia-laptop", T0));
    EXPECT_EQ(store().tokenUser("mia-phone", T0), QStringLiteral("mia"));

    // Disabled, with every session ended: saving a user again changes it in place.
    commit([&](Store &s) {
        User mia = *s.findUser(QStringLiteral("mia"));
        mia.disabled = true;
        mia.roles = {QStringLiteral("CFO")};
        s.saveUser(mia);
        s.revokeTokensOf(QStringLiteral("mia"));
    });
    EXPECT_FALSE(store().tokenUser("mia-phone", T0));
    EXPECT_EQ(store().tokenUser("carl-laptop", T0), QStringLiteral("carl"));
    const std::optional<User> mia = store().findUser(QStringLiteral("mia"));
    ASSERT_TRUE(mia);
    EXPECT_TRUE(mia->disabled);
    EXPECT_EQ(joined(mia->roles), "CFO");
    EXPECT_EQ(store().users().size(), 2);
}

TEST_P(StoreContract, ListsAThousandUsersWithTheirOwnRolesInNameOrder)
{
    commit([&](Store &s) {
        for (int i = 999; i >= 0; --i) {
            User u = aUser(QStringLiteral("user%1").arg(i, 4, 10, QLatin1Char('0')), {QStringLiteral("route-%1").arg(i % 7)});
            u.displayName = QStringLiteral("User %1").arg(i);
            u.email = i % 2 ? QStringLiteral("u%1@example.org").arg(i) : QString();
            if (i % 10 == 0)
                u.roles.append(QStringLiteral("admin"));
            u.iterations = 1000 + i;
            u.disabled = i % 3 == 0;
            u.createdAt = at(i);
            s.saveUser(u);
        }
    });

    const QList<User> users = store().users();
    ASSERT_EQ(users.size(), 1000);
    for (int i = 0; i < 1000; ++i) {
        const User &u = users.at(i);
        EXPECT_EQ(u.username, QStringLiteral("user%1").arg(i, 4, 10, QLatin1Char('0')));
        EXPECT_EQ(u.displayName, QStringLiteral("User %1").arg(i));
        EXPECT_EQ(u.email, i % 2 ? QStringLiteral("u%1@example.org").arg(i) : QString());
        QStringList roles{QStringLiteral("route-%1").arg(i % 7)};
        if (i % 10 == 0)
            roles.append(QStringLiteral("admin"));
        EXPECT_EQ(u.roles, roles) << u.username.toStdString();
        EXPECT_EQ(u.iterations, 1000 + i);
        EXPECT_EQ(u.disabled, i % 3 == 0);
        EXPECT_EQ(u.createdAt, at(i));
    }
}

TEST_P(StoreContract, ADecisionSentTwiceGetsTheFirstAnswer)
{
    const QByteArray answer = R"({"approval_id":"a1","status":"approved"})";
    commit([&](Store &s) {
        s.saveUser(aUser(QStringLiteral("mia"), {QStringLiteral("Manager")}));
        s.storeDecideResponse(QStringLiteral("mia"), QStringLiteral("req-1"), answer, T0);
    });

    EXPECT_EQ(store().decideResponse(QStringLiteral("mia"), QStringLiteral("req-1")), answer);
    // Request ids are the approver's own: another approver's same id is another request.
    EXPECT_FALSE(store().decideResponse(QStringLiteral("max"), QStringLiteral("req-1")));
    EXPECT_FALSE(store().decideResponse(QStringLiteral("mia"), QStringLiteral("req-2")));
}

TEST_P(StoreContract, TheQueueFiltersByStatusRouteVisibilityAndAgentAndPagesInIdOrder)
{
    commit([&](Store &s) {
        create(s, anApproval(QStringLiteral("q1")));
        Approval cfo = anApproval(QStringLiteral("q2"), QStringLiteral("CFO"));
        cfo.assignees = {QStringLiteral("max")};  // an escalation's fallback approver
        create(s, cfo);
        Approval done = anApproval(QStringLiteral("q3"));
        done.status = Status::Approved;
        create(s, done);
        Approval other = anApproval(QStringLiteral("q4"), QStringLiteral("Legal"));
        other.agent = QStringLiteral("Researcher");
        create(s, other);
        create(s, anApproval(QStringLiteral("q5")));
    });

    QueueQuery all;
    all.visible = everything();
    EXPECT_EQ(idsOf(store().queue(all)), "q1,q2,q3,q4,q5");

    QueueQuery pending = all;
    pending.statuses = {QStringLiteral("pending")};
    EXPECT_EQ(idsOf(store().queue(pending)), "q1,q2,q4,q5");

    QueueQuery cfoOnly = all;
    cfoOnly.routes = {QStringLiteral("CFO"), QStringLiteral("Legal")};
    EXPECT_EQ(idsOf(store().queue(cfoOnly)), "q2,q4");

    QueueQuery byAgent = all;
    byAgent.agent = QStringLiteral("Researcher");
    EXPECT_EQ(idsOf(store().queue(byAgent)), "q4");

    // A Manager sees the Manager route, and what names them as assignee.
    QueueQuery max;
    max.visible.routes = {QStringLiteral("Manager")};
    max.visible.username = QStringLiteral("max");
    EXPECT_EQ(idsOf(store().queue(max)), "q1,q2,q3,q5");
    QueueQuery mia;
    mia.visible.routes = {QStringLiteral("Manager")};
    mia.visible.username = QStringLiteral("mia");
    EXPECT_EQ(idsOf(store().queue(mia)), "q1,q3,q5");
    QueueQuery nobody;
    nobody.visible.username = QStringLiteral("ma");  // a prefix of an assignee is not that assignee
    EXPECT_TRUE(store().queue(nobody).isEmpty());

    // Pages: each after the last id of the one before, together everything once.
    QueueQuery page = all;
    page.limit = 2;
    QStringList seen;
    for (int i = 0; i < 5; ++i) {
        const QList<Approval> got = store().queue(page);
        if (got.isEmpty())
            break;
        for (const Approval &a : got)
            seen.append(a.id);
        page.afterId = got.last().id;
    }
    EXPECT_EQ(joined(seen), "q1,q2,q3,q4,q5");
}

// Changes read for the hub carry each approval's own history, in order, however the events interleave.
TEST_P(StoreContract, ChangesSinceASeqCarryEachApprovalsOwnHistory)
{
    const int count = 120;
    auto idOf = [](int i) { return QStringLiteral("a%1").arg(i, 3, 10, QLatin1Char('0')); };
    commit([&](Store &s) {
        for (int i = 0; i < count; ++i)
            s.insertApproval(anApproval(idOf(i)), "hash");
        // Events in rounds across all approvals: approval i gets i % 4 events, one of them with an ip.
        for (int round = 0; round < 4; ++round) {
            for (int i = 0; i < count; ++i) {
                if (round >= i % 4)
                    continue;
                Event e = anEvent(idOf(i), QStringLiteral("step%1").arg(round), round + 1);
                e.details = {{QStringLiteral("round"), round}};
                e.ip = round == 1 ? QStringLiteral("192.0.2.%1").arg(i % 250) : QString();
                s.appendEvent(e);
            }
        }
        for (int i = 0; i < count; ++i) {
            Approval a = anApproval(idOf(i));
            a.seq = s.currentSeq() + 1;
            s.updateApproval(a);
        }
    });

    const qint64 upTo = store().currentSeq() + 1;
    const QList<Approval> changed = store().changedSince(0, upTo, everything(), 1000);
    ASSERT_EQ(changed.size(), count);
    for (const Approval &a : changed) {
        const int i = a.id.mid(1).toInt();
        ASSERT_EQ(a.history.size(), i % 4) << a.id.toStdString();
        qint64 lastSeq = 0;
        for (int round = 0; round < a.history.size(); ++round) {
            const Event &e = a.history.at(round);
            EXPECT_EQ(e.approvalId, a.id);
            EXPECT_EQ(e.action, QStringLiteral("step%1").arg(round));
            EXPECT_EQ(e.version, round + 1);
            EXPECT_EQ(e.details.value(QStringLiteral("round")).toInt(), round);
            EXPECT_EQ(e.ip, round == 1 ? QStringLiteral("192.0.2.%1").arg(i % 250) : QString());
            EXPECT_GT(e.seq, lastSeq);
            lastSeq = e.seq;
        }
        EXPECT_EQ(store().eventsFor(a.id).size(), a.history.size());
    }
    EXPECT_EQ(store().eventsForAll({idOf(5), idOf(7), idOf(8)}).keys().size(), 2);  // a008 has no events
    EXPECT_EQ(store().eventsForAll({idOf(7)}).value(idOf(7)).size(), 3);
    EXPECT_TRUE(store().eventsForAll({}).isEmpty());
    EXPECT_TRUE(store().eventsFor(QStringLiteral("nobody")).isEmpty());
}

TEST_P(StoreContract, ChangesSinceASeqAreInSeqOrderUpToTheLimitsAndVisibleOnly)
{
    Approval first, second, third;
    commit([&](Store &s) {
        first = create(s, anApproval(QStringLiteral("first")));
        second = create(s, anApproval(QStringLiteral("second"), QStringLiteral("CFO")));
        third = create(s, anApproval(QStringLiteral("third")));
    });
    commit([&](Store &s) { change(s, first, anEvent(first.id, QStringLiteral("viewed"))); });  // first is now the newest

    EXPECT_EQ(idsOf(store().changedSince(0, store().currentSeq(), everything(), 10)),
              "second,third,first");
    EXPECT_EQ(idsOf(store().changedSince(second.seq, store().currentSeq(), everything(), 10)), "third,first");
    EXPECT_EQ(idsOf(store().changedSince(0, third.seq, everything(), 10)), "second,third");
    EXPECT_EQ(idsOf(store().changedSince(0, store().currentSeq(), everything(), 1)), "second");
    Visibility manager;
    manager.routes = {QStringLiteral("Manager")};
    EXPECT_EQ(idsOf(store().changedSince(0, store().currentSeq(), manager, 10)), "third,first");
    const QList<Approval> withHistory = store().changedSince(third.seq, store().currentSeq(), manager, 10);
    ASSERT_EQ(withHistory.size(), 1);
    ASSERT_EQ(withHistory.first().history.size(), 2);
    EXPECT_EQ(withHistory.first().history.at(1).action, QStringLiteral("viewed"));
}

// What a reconnecting approver may have lost from view: escalations, and revisions routed anew.
TEST_P(StoreContract, ReroutedSinceFindsEscalationsAndRevisionsRoutedAnew)
{
    qint64 before = 0;
    commit([&](Store &s) {
        for (const QString &id : {QStringLiteral("stays"), QStringLiteral("escalated"), QStringLiteral("revised")}) {
            Approval a = create(s, anApproval(id));
            change(s, a, anEvent(id, QStringLiteral("routed"), 1));  // the first routing is not a re-routing
        }
        before = s.currentSeq();
    });
    commit([&](Store &s) {
        Approval escalated = s.findById(QStringLiteral("escalated"))->approval;
        escalated.route = QStringLiteral("CFO");
        escalated.escalationLevel = 1;
        change(s, escalated, anEvent(escalated.id, QStringLiteral("escalated"), 1));
        Approval revised = s.findById(QStringLiteral("revised"))->approval;
        revised.version = 2;
        revised.route = QStringLiteral("Legal");
        change(s, revised, anEvent(revised.id, QStringLiteral("revised"), 2));
        change(s, revised, anEvent(revised.id, QStringLiteral("routed"), 2));
    });

    const QList<Approval> rerouted = store().reroutedSince(0, store().currentSeq(), 10);
    EXPECT_EQ(idsOf(rerouted), "escalated,revised");
    ASSERT_EQ(rerouted.size(), 2);
    EXPECT_EQ(rerouted.at(0).route, QStringLiteral("CFO"));
    EXPECT_EQ(rerouted.at(1).history.size(), 4);  // created, routed, revised, routed
    EXPECT_TRUE(store().reroutedSince(store().currentSeq(), store().currentSeq(), 10).isEmpty());
    EXPECT_TRUE(store().reroutedSince(0, before, 10).isEmpty());
    EXPECT_EQ(store().reroutedSince(0, store().currentSeq(), 1).size(), 1);
}

// Two nodes (or a node and an admin command) on one database: what one commits, the other learns at its next
// batch, continuing the same seq and the same audit chain.
TEST_P(StoreContract, AnotherStoreOnTheSameDatabaseSeesTheChangeAtItsNextBatch)
{
    std::unique_ptr<Store> other = openStore();
    commit([&](Store &s) { create(s, anApproval(QStringLiteral("mine"))); });
    // Its own commits are not news to a store.
    store().beginBatch();
    EXPECT_TRUE(store().takeExternalChanges().isEmpty());
    store().commitBatch();

    Approval theirs;
    commitOn(*other, [&](Store &s) {
        theirs = create(s, anApproval(QStringLiteral("theirs")));
        Approval mine = s.findById(QStringLiteral("mine"))->approval;  // the other node sees this one's commit
        mine.status = Status::Cancelled;
        change(s, mine, anEvent(mine.id, QStringLiteral("cancelled")));
    });

    store().beginBatch();
    const QList<Approval> external = store().takeExternalChanges();
    EXPECT_EQ(idsOf(external), "theirs,mine");
    if (external.size() == 2) {
        EXPECT_EQ(external.at(1).status, Status::Cancelled);
    }
    EXPECT_TRUE(store().takeExternalChanges().isEmpty());  // told once
    // This store's next event follows the other's: one seq, one chain.
    Event next = anEvent(QStringLiteral("theirs"), QStringLiteral("viewed"));
    store().appendEvent(next);
    EXPECT_GT(next.seq, theirs.seq);
    store().commitBatch();

    EXPECT_EQ(store().findById(QStringLiteral("mine"))->approval.status, Status::Cancelled);
    EXPECT_EQ(other->eventsFor(QStringLiteral("theirs")).size(), 2);
    const QList<AuditEntry> audit = other->auditAfter(0, 100);
    EXPECT_EQ(audit.size(), 4);
    EXPECT_TRUE(chainIsIntact(audit));
}

TEST_P(StoreContract, ChangesReadInABatchThatFailsAreReadAgainByTheNext)
{
    // A node reads another node's change, then its batch fails (the database restarted before COMMIT): the
    // change was never announced, so the next batch must read it again, or that node's approvers, long polls
    // and timers would miss it until they reconnect.
    std::unique_ptr<Store> other = openStore();
    commitOn(*other, [&](Store &s) { create(s, anApproval(QStringLiteral("theirs"))); });
    store().beginBatch();
    EXPECT_EQ(idsOf(store().takeExternalChanges()), "theirs");
    store().rollbackBatch();

    store().beginBatch();
    EXPECT_EQ(idsOf(store().takeExternalChanges()), "theirs");
    store().commitBatch();
    store().beginBatch();
    EXPECT_TRUE(store().takeExternalChanges().isEmpty()) << "told once, after the batch that told it committed";
    store().commitBatch();
}

namespace {
#if __has_include("store/PostgresStore.h")
const char *const Drivers[] = {"sqlite", "postgres"};
#else
const char *const Drivers[] = {"sqlite"};  // PostgresStore is not in this tree yet
#endif
} // namespace

INSTANTIATE_TEST_SUITE_P(Drivers, StoreContract, ::testing::ValuesIn(Drivers),
                         [](const ::testing::TestParamInfo<const char *> &info) { return std::string(info.param); });

// The tests' PostgreSQL itself (the `postgres` fixture of CTest, or a cluster of this process): a fresh
// database is a real, empty PostgreSQL 15 database of its own. Fails when the server is not up.
TEST(PostgresFixture, AFreshDatabaseIsAnEmptyPostgres15DatabaseOfItsOwn)
{
    const QString url = test::freshPostgresDatabase();
    const QString another = test::freshPostgresDatabase();
    EXPECT_NE(url, another);
    EXPECT_TRUE(url.startsWith(QLatin1String("postgresql://countersign@/t_"))) << url.toStdString();
    {
        QSqlDatabase db = test::connectPostgres(QStringLiteral("fixture-check"), url);
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT version()")) && q.next());
        EXPECT_TRUE(q.value(0).toString().startsWith(QLatin1String("PostgreSQL 15."))) << q.value(0).toString().toStdString();
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT current_database(), count(*) FROM pg_tables WHERE schemaname = 'public'"))
                    && q.next());
        EXPECT_EQ(q.value(0).toString(), url.section(u'/', 3).section(u'?', 0, 0));
        EXPECT_EQ(q.value(1).toInt(), 0);
        // Its own: a table made here is not in the other database.
        ASSERT_TRUE(q.exec(QStringLiteral("CREATE TABLE mine (x int)")));
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fixture-check"));
    {
        QSqlDatabase db = test::connectPostgres(QStringLiteral("fixture-check-2"), another);
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) && q.next());
        EXPECT_EQ(q.value(0).toInt(), 0);
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fixture-check-2"));
}
