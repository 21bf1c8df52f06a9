// What the detail, its history and the decision panel say of one approval, word for word. The widgets read the
// approval parsed once (client::CachedApproval), not its JSON: every field must land where it did, with the
// same words, for a decided approval with a revision round and an approved edit, for one escalated away from
// the user, and for an expired one.
#include "decide/DecisionPanel.h"
#include "detail/ApprovalDetailView.h"
#include "detail/HistoryView.h"
#include "detail/JsonTree.h"
#include "detail/OutputView.h"
#include "detail/ReadingView.h"

#include "client/CachedApproval.h"
#include "time/Clock.h"

#include <QComboBox>
#include <QDateTime>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <string>

namespace countersign::test {

namespace {

// Far from today: the notice then shows date and time, as the detail does.
std::string shown(const char *rfc3339)
{
    return QLocale()
        .toString(QDateTime::fromString(QString::fromLatin1(rfc3339), Qt::ISODate).toLocalTime(), QLocale::ShortFormat)
        .toStdString();
}

QJsonObject event(int seq, const char *at, const char *actor, const char *action, int version, const QJsonObject &details)
{
    return {{QStringLiteral("seq"), seq},
            {QStringLiteral("at"), QString::fromLatin1(at)},
            {QStringLiteral("actor"), QString::fromLatin1(actor)},
            {QStringLiteral("action"), QString::fromLatin1(action)},
            {QStringLiteral("approval_id"), QStringLiteral("a-7")},
            {QStringLiteral("version"), version},
            {QStringLiteral("details"), details},
            {QStringLiteral("ip"), QJsonValue::Null}};
}

QJsonObject email(const char *subject)
{
    return {{QStringLiteral("subject"), QString::fromLatin1(subject)}, {QStringLiteral("body"), QStringLiteral("Hello")}};
}

// As the server sends it: sent back once, then approved with the approver's edit.
QJsonObject decided()
{
    return {
        {QStringLiteral("id"), QStringLiteral("a-7")},
        {QStringLiteral("task_id"), QStringLiteral("t-7")},
        {QStringLiteral("title"), QStringLiteral("Q1 launch email")},
        {QStringLiteral("agent"), QStringLiteral("Copywriter")},
        {QStringLiteral("priority"), QStringLiteral("high")},
        {QStringLiteral("route"), QStringLiteral("Marketing")},
        {QStringLiteral("status"), QStringLiteral("approved")},
        {QStringLiteral("version"), 2},
        {QStringLiteral("max_revisions"), 3},
        {QStringLiteral("allowed_decisions"), QJsonArray{QStringLiteral("approve"), QStringLiteral("approve_with_edits"),
                                                         QStringLiteral("reject"), QStringLiteral("revise")}},
        {QStringLiteral("output"), email("Launch")},
        {QStringLiteral("context"), QJsonObject{{QStringLiteral("campaign"), QStringLiteral("Q1")}}},
        {QStringLiteral("criteria"), QJsonArray{QStringLiteral("Tone on brand"), QStringLiteral("No prices")}},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("ticket"), QStringLiteral("T-1")}}},
        {QStringLiteral("created_at"), QStringLiteral("2025-01-15T09:00:00Z")},
        {QStringLiteral("updated_at"), QStringLiteral("2025-01-15T10:42:00Z")},
        {QStringLiteral("expires_at"), QJsonValue::Null},
        {QStringLiteral("revisions"), QJsonArray{QJsonObject{{QStringLiteral("version"), 1},
                                                             {QStringLiteral("output"), email("Lunch")},
                                                             {QStringLiteral("feedback"), QStringLiteral("Fix the subject")},
                                                             {QStringLiteral("decided_by"), QStringLiteral("mia")},
                                                             {QStringLiteral("note"), QStringLiteral("Subject fixed")},
                                                             {QStringLiteral("revised_at"), QStringLiteral("2025-01-15T10:00:00Z")}}}},
        {QStringLiteral("decision"), QJsonObject{{QStringLiteral("decision"), QStringLiteral("approve_with_edits")},
                                                 {QStringLiteral("feedback"), QStringLiteral("Shorter")},
                                                 {QStringLiteral("output"), email("Launch!")},
                                                 {QStringLiteral("edited"), true},
                                                 {QStringLiteral("decided_by"), QStringLiteral("max")},
                                                 {QStringLiteral("role"), QStringLiteral("Marketing")},
                                                 {QStringLiteral("decided_at"), QStringLiteral("2025-01-15T10:42:00Z")},
                                                 {QStringLiteral("version"), 2}}},
        {QStringLiteral("history"),
         QJsonArray{event(1, "2025-01-15T09:00:00Z", "source:crew", "created", 1,
                          {{QStringLiteral("task_id"), QStringLiteral("t-7")}, {QStringLiteral("agent"), QStringLiteral("Copywriter")}}),
                    event(2, "2025-01-15T09:00:00Z", "countersign", "routed", 1,
                          {{QStringLiteral("route"), QStringLiteral("Marketing")}, {QStringLiteral("rule"), QStringLiteral("copy")}}),
                    event(3, "2025-01-15T09:30:00Z", "mia", "decided", 1,
                          {{QStringLiteral("decision"), QStringLiteral("revise")},
                           {QStringLiteral("feedback"), QStringLiteral("Fix the subject")},
                           {QStringLiteral("edited"), false}}),
                    event(4, "2025-01-15T10:00:00Z", "source:crew", "revised", 2, {{QStringLiteral("note"), QStringLiteral("Subject fixed")}}),
                    event(5, "2025-01-15T10:42:00Z", "max", "decided", 2,
                          {{QStringLiteral("decision"), QStringLiteral("approve_with_edits")},
                           {QStringLiteral("feedback"), QStringLiteral("Shorter")},
                           {QStringLiteral("edited"), true}})}},
    };
}

// A row's columns as "a | b | c", from column `from` on.
std::string row(const QTreeWidget &tree, int i, int from = 0)
{
    QStringList texts;
    for (int c = from; c < tree.columnCount(); ++c)
        texts << tree.topLevelItem(i)->text(c);
    return texts.join(QStringLiteral(" | ")).toStdString();
}

std::string label(const QWidget &w, const char *name)
{
    return w.findChild<QLabel *>(QLatin1String(name))->text().toStdString();
}

} // namespace

TEST(DetailText, EveryFieldOfADecidedApprovalIsShownWhereItWas)
{
    SystemClock clock;
    ui::ApprovalDetailView detail(clock);
    detail.setApproval(client::CachedApproval::fromJson(decided()));

    EXPECT_EQ(label(detail, "detailTitle"), "Q1 launch email");
    EXPECT_EQ(label(detail, "detailMeta"), "Copywriter · High priority · route Marketing · Approved · version 2");
    EXPECT_EQ(label(detail, "detailDecision"), "Approved with edits by max (Marketing), " + shown("2025-01-15T10:42:00Z") + ": “Shorter”");
    EXPECT_EQ(label(detail, "detailEdited"),
              "Shown: the output as approved with max's edits. History compares it with the agent's version.");
    EXPECT_EQ(label(detail, "detailDeadline"), "") << "decided: no countdown";
    EXPECT_TRUE(detail.output().reading().toPlainText().contains(QStringLiteral("Launch!"))) << "the approved edit is shown";

    QListWidget &criteria = detail.criteria();
    ASSERT_EQ(criteria.count(), 2);
    EXPECT_EQ(criteria.item(0)->text().toStdString(), "Tone on brand");
    EXPECT_EQ(criteria.item(1)->text().toStdString(), "No prices");
    const auto *context = detail.findChild<ui::JsonTree *>(QStringLiteral("contextTree"));
    ASSERT_EQ(context->topLevelItemCount(), 1);
    EXPECT_EQ(row(*context, 0), "campaign | Q1");
    const auto *metadata = detail.findChild<ui::JsonTree *>(QStringLiteral("metadataTree"));
    ASSERT_EQ(metadata->topLevelItemCount(), 1);
    EXPECT_EQ(row(*metadata, 0), "ticket | T-1");

    const auto *events = detail.history().findChild<QTreeWidget *>(QStringLiteral("historyEvents"));
    ASSERT_EQ(events->topLevelItemCount(), 5);
    EXPECT_EQ(row(*events, 0), shown("2025-01-15T09:00:00Z") + " | source:crew | Submitted | 1 | ");
    EXPECT_EQ(row(*events, 1, 1), "countersign | Routed | 1 | to Marketing · rule “copy”");
    EXPECT_EQ(row(*events, 2, 1), "mia | Decided | 1 | Revision requested · “Fix the subject”");
    EXPECT_EQ(row(*events, 3, 1), "source:crew | Revised by the agent | 2 | Subject fixed");
    EXPECT_EQ(row(*events, 4), shown("2025-01-15T10:42:00Z") + " | max | Decided | 2 | Approved with edits · with edits · “Shorter”");

    // The agent's two versions and the approved edit, the last two compared.
    ASSERT_EQ(detail.history().versionCount(), 3);
    const auto *from = detail.history().findChild<QComboBox *>(QStringLiteral("diffFrom"));
    EXPECT_EQ(from->itemText(0).toStdString(), "v1");
    EXPECT_EQ(from->itemText(1).toStdString(), "v2 (the agent's latest)");
    EXPECT_EQ(from->itemText(2).toStdString(), "as approved with max's edits");
    EXPECT_EQ(from->currentIndex(), 1);
    detail.history().compare(1, 2);
    EXPECT_TRUE(detail.history().diffText().contains(QStringLiteral("Lunch"))) << detail.history().diffText().toStdString();

    ui::DecisionPanel panel;
    panel.setApproval(client::CachedApproval::fromJson(decided()), false);
    EXPECT_EQ(panel.notice().toStdString(), "Approved with edits by max at " + shown("2025-01-15T10:42:00Z") + ".");
    EXPECT_FALSE(panel.findChild<QPushButton *>(QStringLiteral("approveButton"))->isEnabled());
}

TEST(DetailText, AnApprovalEscalatedAwayOrExpiredSaysSoAndCannotBeDecided)
{
    QJsonObject escalated = decided();
    escalated.insert(QStringLiteral("status"), QStringLiteral("pending"));
    escalated.insert(QStringLiteral("decision"), QJsonValue::Null);
    escalated.insert(QStringLiteral("route"), QStringLiteral("CFO"));
    escalated.insert(QStringLiteral("withdrawn"), QJsonObject{{QStringLiteral("reason"), QStringLiteral("escalated")},
                                                             {QStringLiteral("route"), QStringLiteral("CFO")},
                                                             {QStringLiteral("at"), QStringLiteral("2025-01-15T11:00:00Z")}});
    ui::DecisionPanel panel;
    panel.setApproval(client::CachedApproval::fromJson(escalated), false);
    EXPECT_EQ(panel.notice().toStdString(), "Escalated to CFO at " + shown("2025-01-15T11:00:00Z") + ": it is no longer yours to decide.");
    EXPECT_FALSE(panel.findChild<QPushButton *>(QStringLiteral("approveButton"))->isEnabled());

    // The same, still the user's: open, with the rounds used, offering only what the agent allows.
    QJsonObject open = escalated;
    open.remove(QStringLiteral("withdrawn"));
    open.insert(QStringLiteral("allowed_decisions"), QJsonArray{QStringLiteral("approve"), QStringLiteral("reject")});
    panel.setApproval(client::CachedApproval::fromJson(open), false);
    EXPECT_EQ(panel.notice().toStdString(), "");
    EXPECT_TRUE(panel.findChild<QPushButton *>(QStringLiteral("approveButton"))->isEnabled());
    EXPECT_TRUE(panel.findChild<QPushButton *>(QStringLiteral("rejectButton"))->isEnabled());
    EXPECT_FALSE(panel.findChild<QPushButton *>(QStringLiteral("editButton"))->isEnabled()) << "not allowed";
    EXPECT_FALSE(panel.findChild<QPushButton *>(QStringLiteral("reviseButton"))->isEnabled()) << "not allowed";
    EXPECT_EQ(label(panel, "revisionRounds"), "Revision rounds used: 1 of 3");

    // Expired: no decision, so the time is the approval's last change.
    QJsonObject expired = escalated;
    expired.remove(QStringLiteral("withdrawn"));
    expired.insert(QStringLiteral("status"), QStringLiteral("expired"));
    expired.insert(QStringLiteral("updated_at"), QStringLiteral("2025-01-16T09:00:00Z"));
    panel.setApproval(client::CachedApproval::fromJson(expired), false);
    EXPECT_EQ(panel.notice().toStdString(), "Expired at " + shown("2025-01-16T09:00:00Z") + " without a decision.");
    EXPECT_FALSE(panel.findChild<QPushButton *>(QStringLiteral("approveButton"))->isEnabled());
}

} // namespace countersign::test
