// The outcomes an agent offers (a CrewAI flow's emit) are buttons in the decision panel: each decides with
// its plain decision and carries the outcome; revision- and reject-like ones need feedback first.
#include "decide/DecisionPanel.h"

#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

namespace countersign::test {

namespace {

QJsonObject flowApproval()
{
    return {{QStringLiteral("id"), QStringLiteral("a-1")},
            {QStringLiteral("title"), QStringLiteral("Q1 launch copy")},
            {QStringLiteral("status"), QStringLiteral("pending")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("max_revisions"), 3},
            {QStringLiteral("output"), QStringLiteral("Meet WalterSignal")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("crewai_outcomes"),
                                                      QJsonArray{QStringLiteral("approved"), QStringLiteral("needs_revision"),
                                                                 QStringLiteral("hold_for_legal")}}}}};
}

} // namespace

TEST(OutcomeButtons, EachOfferedOutcomeIsAButtonThatDecidesWithIt)
{
    ui::DecisionPanel panel;
    panel.show();
    QSignalSpy decided(&panel, &ui::DecisionPanel::decisionMade);
    EXPECT_FALSE(panel.findChild<QWidget *>(QStringLiteral("outcomeButtons"))->isVisible()) << "no outcomes, no row";

    panel.setApproval(client::CachedApproval::fromJson(flowApproval()), false);
    auto *revise = panel.findChild<QPushButton *>(QStringLiteral("outcome_needs_revision"));
    auto *legal = panel.findChild<QPushButton *>(QStringLiteral("outcome_hold_for_legal"));
    ASSERT_TRUE(revise && legal && panel.findChild<QPushButton *>(QStringLiteral("outcome_approved")));
    EXPECT_TRUE(revise->isVisible());

    QTest::mouseClick(revise, Qt::LeftButton);
    EXPECT_EQ(decided.count(), 0) << "a revision needs feedback";
    EXPECT_TRUE(panel.message().startsWith(QStringLiteral("Write your feedback first"))) << panel.message().toStdString();

    QTest::keyClicks(panel.findChild<QPlainTextEdit *>(QStringLiteral("feedbackEdit")), QStringLiteral("Mention the trial"));
    QTest::mouseClick(revise, Qt::LeftButton);
    ASSERT_EQ(decided.count(), 1);
    EXPECT_EQ(decided.last().at(0).toString(), QStringLiteral("revise"));
    EXPECT_EQ(decided.last().at(1).toString(), QStringLiteral("Mention the trial"));
    EXPECT_EQ(decided.last().at(3).toString(), QStringLiteral("needs_revision"));

    // An outcome that names no plain decision approves, and is what the agent hears.
    QTest::mouseClick(legal, Qt::LeftButton);
    ASSERT_EQ(decided.count(), 2);
    EXPECT_EQ(decided.last().at(0).toString(), QStringLiteral("approve"));
    EXPECT_EQ(decided.last().at(3).toString(), QStringLiteral("hold_for_legal"));

    // Another approval without outcomes: the row goes away.
    QJsonObject plain = flowApproval();
    plain.insert(QStringLiteral("id"), QStringLiteral("a-2"));
    plain.remove(QStringLiteral("metadata"));
    panel.setApproval(client::CachedApproval::fromJson(plain), false);
    EXPECT_FALSE(panel.findChild<QWidget *>(QStringLiteral("outcomeButtons"))->isVisible());
}

} // namespace countersign::test
