// Deadlines seen from the desktop: an SLA reminder and an escalation each raise one notification for the
// people concerned, and an edit in progress survives the reminder's re-push of the same approval.
#include "UiFixture.h"

#include "decide/OutputEditor.h"
#include "detail/ApprovalDetailView.h"

#include <QPushButton>

namespace countersign::test {

namespace {

// High priority waits 10 minutes, with a reminder at half-time; then it escalates from Manager to CFO.
const QByteArray DeadlinePolicies = R"({"routing": {"default_route": "Manager"},
    "timeouts": {"per_priority": {"high": 600}, "reminder_fraction": 0.5},
    "escalation": {"priorities": ["high"], "chain": ["Manager", "CFO"]}})";

} // namespace

class DeadlineNotifications : public UiFixture
{
protected:
    DeadlineNotifications()
        : UiFixture(DeadlinePolicies)
    {
    }

    QString submitHigh(const QString &taskId) { return submit(taskId, {{QStringLiteral("priority"), QStringLiteral("high")}}); }
};

TEST_F(DeadlineNotifications, TheReminderNotifiesOnceAndAnOpenEditSurvivesItsRepush)
{
    const QString id = submitHigh(QStringLiteral("t-1"));
    ui::MainWindow &window = signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(window, 1));
    ASSERT_TRUE(selectAndShow(window, id));
    window.decisions().setReviewEdits([](const QJsonValue &, const QJsonValue &) { return true; });
    window.decisions().editOrSendEdits();
    auto *subject = qobject_cast<QLineEdit *>(window.decisions().editor().fieldEditor(QStringLiteral("subject")));
    ASSERT_TRUE(subject);
    subject->selectAll();
    QTest::keyClicks(subject, QStringLiteral("Meet WalterSignal"));
    ASSERT_TRUE(tray.shown.isEmpty());

    // Half-time: the server reminds; the same approval comes again, with an sla_reminder event.
    server.clock().advance(300 * 1000 + 1000);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tray.shown.isEmpty(); }, 10000));
    ASSERT_TRUE(QTest::qWaitFor([&] {
        return window.detail().approval().history.size() > 2
            && window.detail().approval().history.last().action == QLatin1String("sla_reminder");
    }, 10000)) << "the re-pushed approval is shown";
    EXPECT_EQ(tray.shown.size(), 1);
    EXPECT_EQ(tray.shown.first().title, QStringLiteral("Reminder: Launch email t-1"));

    EXPECT_TRUE(window.decisions().isEditing()) << "the editor stays open";
    EXPECT_EQ(subject->text(), QStringLiteral("Meet WalterSignal")) << "and keeps what was typed";
    window.decisions().editOrSendEdits();
    ASSERT_TRUE(waitForCallbacks(1));
    EXPECT_EQ(lastCallback().value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(),
              QStringLiteral("Meet WalterSignal"));
}

TEST_F(DeadlineNotifications, AnEscalationNotifiesTheNextRoleOnly)
{
    submitHigh(QStringLiteral("t-1"));
    ui::MainWindow &window = signInAs(QStringLiteral("carl"));  // CFO: not his until it escalates
    EXPECT_EQ(window.queueView().model()->rowCount(), 0);

    server.clock().advance(300 * 1000 + 1000);  // the Manager's reminder: not for carl
    server.clock().advance(300 * 1000);         // the deadline: Manager -> CFO
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tray.shown.isEmpty(); }, 10000));
    ASSERT_TRUE(waitForRows(window, 1));
    ASSERT_EQ(tray.shown.size(), 1);
    EXPECT_EQ(tray.shown.first().title, QStringLiteral("Escalated to you: Launch email t-1"));
    EXPECT_EQ(tray.shown.first().urgency, ui::TrayIcon::Urgency::Normal);
    EXPECT_EQ(tray.pending, 1);
}

} // namespace countersign::test
