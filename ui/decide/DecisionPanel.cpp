#include "DecisionPanel.h"

#include "DecisionNotice.h"
#include "EditReviewDialog.h"
#include "OutputEditor.h"
#include "common/Theme.h"

#include "domain/Outcomes.h"
#include "protocol/ApprovalJson.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace countersign::ui {

DecisionPanel::DecisionPanel(QWidget *parent)
    : QWidget(parent)
    , m_editor(new OutputEditor(this))
    , m_rounds(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_message(new QLabel(this))
    , m_feedback(new QPlainTextEdit(this))
    , m_approve(new QPushButton(tr("&Approve"), this))
    , m_edit(new QPushButton(tr("&Edit then approve"), this))
    , m_cancelEdit(new QPushButton(tr("Cancel edit"), this))
    , m_reject(new QPushButton(tr("Re&ject…"), this))
    , m_revise(new QPushButton(tr("Request &revision"), this))
    , m_outcomes(new QWidget(this))
{
    m_outcomes->setObjectName(QStringLiteral("outcomeButtons"));
    m_outcomes->hide();
    m_editor->setObjectName(QStringLiteral("outputEditor"));
    m_rounds->setObjectName(QStringLiteral("revisionRounds"));
    m_notice->setObjectName(QStringLiteral("decisionNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont noticeFont = m_notice->font();
    noticeFont.setBold(true);
    m_notice->setFont(noticeFont);
    m_notice->hide();
    m_rounds->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("decisionMessage"));
    m_feedback->setObjectName(QStringLiteral("feedbackEdit"));
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_edit->setObjectName(QStringLiteral("editButton"));
    m_cancelEdit->setObjectName(QStringLiteral("cancelEditButton"));
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_revise->setObjectName(QStringLiteral("reviseButton"));
    m_message->setWordWrap(true);
    m_message->hide();
    m_feedback->setMinimumHeight(40);
    m_feedback->setTabChangesFocus(true);
    m_approve->setToolTip(tr("Approve the output as it is (Ctrl+Return)"));
    m_edit->setToolTip(tr("Correct the output yourself, then approve it (Ctrl+E)"));
    m_reject->setToolTip(tr("Reject with a reason (Ctrl+Shift+J)"));
    m_revise->setToolTip(tr("Send it back to the agent with your feedback (Ctrl+R)"));
    m_editor->hide();
    m_cancelEdit->hide();
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    // The rounds line above the buttons, not beside them: the row of buttons is what sets the panel's width,
    // and in German it is already wide.
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancelEdit);
    buttons->addWidget(m_revise);
    buttons->addWidget(m_reject);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_approve);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(m_notice);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_feedback);
    layout->addWidget(m_message);
    layout->addWidget(m_outcomes);
    layout->addWidget(m_rounds);
    layout->addLayout(buttons);

    // Escape leaves the editor (the window's other shortcuts stay as they are).
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, [this] {
        if (!m_editing)
            return;
        if (isOpen() && m_editor->isModified()
            && !confirm(tr("Discard your edit?"), tr("Your changes to the output are not sent and will be lost.")))
            return;
        cancelEdit();
    });

    connect(m_approve, &QPushButton::clicked, this, &DecisionPanel::approve);
    connect(m_edit, &QPushButton::clicked, this, &DecisionPanel::editOrSendEdits);
    connect(m_cancelEdit, &QPushButton::clicked, this, &DecisionPanel::cancelEdit);
    connect(m_reject, &QPushButton::clicked, this, &DecisionPanel::reject);
    connect(m_revise, &QPushButton::clicked, this, &DecisionPanel::requestRevision);
    connect(m_feedback, &QPlainTextEdit::textChanged, this, [this] { showMessage({}); });
    updateState();
}

void DecisionPanel::setApproval(const client::CachedApproval &approval, bool queued)
{
    const int version = approval.version;
    const bool same = approval.id == m_approval.id;
    m_approval = approval;
    m_queued = queued;
    showOutcomes();
    if (!same) {
        // Another item: its own fresh decision. (The same item pushed again keeps the feedback and the edit.)
        m_feedback->clear();
        showMessage({});
        cancelEdit();
    } else if (m_editing && !isOpen() && !m_queued) {
        showMessage(tr("Your edit was not sent. It stays here to read and copy until you close it or move on."));
    } else if (m_editing && version != m_editingVersion) {
        showMessage(tr("The agent sent version %1 while you were editing version %2: sending now will be refused "
                       "as a conflict. Cancel the edit to see the new version.").arg(version).arg(m_editingVersion));
    }
    updateState();
}

bool DecisionPanel::allows(const QString &decision) const
{
    return countersign::allows(m_approval, decision);
}

bool DecisionPanel::isOpen() const
{
    return !m_approval.isNull() && !m_queued && !m_approval.withdrawn && m_approval.status == Status::Pending;
}

void DecisionPanel::updateState()
{
    const bool open = isOpen();
    m_approve->setEnabled(open && allows(QStringLiteral("approve")) && !m_editing);
    m_edit->setEnabled(open && allows(QStringLiteral("approve_with_edits")));
    m_edit->setText(m_editing ? tr("Review edits and &approve…") : tr("&Edit then approve"));
    m_cancelEdit->setVisible(m_editing);
    // While editing, only sending the edit or leaving it makes sense: the other buttons step aside (which also
    // keeps the row narrow enough for a small screen).
    for (QPushButton *b : {m_approve, m_reject, m_revise})
        b->setVisible(!m_editing);
    m_cancelEdit->setText(open ? tr("Cancel edit") : tr("Close edit"));
    // While editing, the feedback is an optional note that goes with the edited output: a smaller box.
    m_feedback->setPlaceholderText(m_editing ? tr("A note for the agent with your edit (optional)")
                                             : tr("Feedback for the agent: required to reject or to request a revision"));
    m_feedback->setMaximumHeight(m_editing ? 50 : 80);
    m_editor->setReadOnly(!open);
    const QString notice = m_queued ? QString() : DecisionNotice::of(m_approval);
    m_notice->setText(notice);
    m_notice->setVisible(!notice.isEmpty());
    m_reject->setEnabled(open && allows(QStringLiteral("reject")) && !m_editing);
    const int used = std::max(0, m_approval.version - 1);
    const int allowed = m_approval.maxRevisions;
    m_revise->setEnabled(open && allows(QStringLiteral("revise")) && !m_editing && used < allowed);
    m_feedback->setEnabled(open);
    for (QPushButton *b : m_outcomes->findChildren<QPushButton *>())
        b->setEnabled(open && !m_editing && allows(outcomes::decisionFor(b->property("outcome").toString())));
    if (m_approval.isNull() || (!open && !m_queued))
        m_rounds->clear();
    else if (m_queued)
        m_rounds->setText(tr("Your decision is queued and will be sent when the connection is back."));
    else
        m_rounds->setText(tr("Revision rounds used: %1 of %2").arg(used).arg(allowed));
    m_rounds->setVisible(!m_rounds->text().isEmpty());
}

QString DecisionPanel::notice() const
{
    return m_notice->text();
}

QString DecisionPanel::message() const
{
    return m_message->text();
}

void DecisionPanel::showMessage(const QString &text)
{
    m_message->setText(text);
    theme::setForeground(*m_message, theme::errorText(palette()));  // the palette of now (light or dark)
    m_message->setVisible(!text.isEmpty());  // no empty line between the feedback and the buttons
}

bool DecisionPanel::confirm(const QString &title, const QString &text)
{
    if (m_confirm)
        return m_confirm(title, text);
    // Cancel is the default: an Enter pressed out of habit does not reject.
    return QMessageBox::question(this, title, text, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
           == QMessageBox::Yes;
}

void DecisionPanel::approve()
{
    if (!m_approve->isEnabled())
        return;
    Q_EMIT decisionMade(QStringLiteral("approve"), m_feedback->toPlainText().trimmed(), {}, {});
}

void DecisionPanel::editOrSendEdits()
{
    if (!m_edit->isEnabled())
        return;
    if (!m_editing) {
        m_editing = true;
        m_editingVersion = m_approval.version;
        m_editor->setOutput(m_approval.output);
        m_editor->show();
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
        m_editor->setFocus();
        updateState();
        Q_EMIT editingChanged(true);
        return;
    }
    QString error;
    const auto edited = m_editor->editedOutput(&error);
    if (!edited)
        return showMessage(error);
    if (*edited == m_editor->original())
        return showMessage(tr("Nothing is edited yet. Change the output, or cancel the edit and approve it as it is."));
    const bool send = m_review ? m_review(m_editor->original(), *edited)
                               : EditReviewDialog::review(this, m_editor->original(), *edited);
    if (!send)
        return;
    // The edit stays open until the decision is saved (decisionSaved): a decision that cannot be stored must
    // not take the reviewer's edit with it.
    Q_EMIT decisionMade(QStringLiteral("approve_with_edits"), m_feedback->toPlainText().trimmed(), *edited, {});
}

void DecisionPanel::decisionSaved()
{
    cancelEdit();
}

void DecisionPanel::decisionNotSaved(const QString &why)
{
    showMessage(why);
}

void DecisionPanel::cancelEdit()
{
    const bool was = std::exchange(m_editing, false);
    m_editor->hide();
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    updateState();
    if (was)
        Q_EMIT editingChanged(false);
}

void DecisionPanel::reject()
{
    if (!m_reject->isEnabled())
        return;
    const QString reason = m_feedback->toPlainText().trimmed();
    if (reason.isEmpty()) {
        m_feedback->setFocus();
        return showMessage(tr("Write the reason for the rejection first: the agent receives it."));
    }
    if (!confirm(tr("Reject this approval?"),
                 tr("“%1” will be rejected with the reason:\n\n%2\n\nThe agent is told at once; this cannot be undone.")
                     .arg(m_approval.title, reason)))
        return;
    Q_EMIT decisionMade(QStringLiteral("reject"), reason, {}, {});
}

void DecisionPanel::requestRevision()
{
    if (!m_revise->isEnabled())
        return;
    const QString feedback = m_feedback->toPlainText().trimmed();
    if (feedback.isEmpty()) {
        m_feedback->setFocus();
        return showMessage(tr("Write what the agent should change first: it revises from your feedback."));
    }
    Q_EMIT decisionMade(QStringLiteral("revise"), feedback, {}, {});
}

void DecisionPanel::showOutcomes()
{
    const QStringList offered = json::offeredOutcomes(m_approval);
    if (offered == m_offered)
        return;
    m_offered = offered;
    delete m_outcomes->layout();
    qDeleteAll(m_outcomes->findChildren<QWidget *>(Qt::FindDirectChildrenOnly));
    m_outcomes->setVisible(!offered.isEmpty());
    if (offered.isEmpty())
        return;
    auto *row = new QHBoxLayout(m_outcomes);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("The agent continues with:"), m_outcomes));
    for (const QString &o : std::as_const(offered)) {
        auto *b = new QPushButton(o, m_outcomes);
        b->setObjectName(QStringLiteral("outcome_") + o);
        b->setProperty("outcome", o);
        b->setToolTip(tr("Decide “%1” (recorded as: %2)").arg(o, outcomes::decisionFor(o)));
        connect(b, &QPushButton::clicked, this, [this, o] { chooseOutcome(o); });
        row->addWidget(b);
    }
    row->addStretch(1);
    // Children made after their parent was shown stay hidden until shown themselves.
    for (QWidget *w : m_outcomes->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
        w->show();
    updateState();
}

void DecisionPanel::chooseOutcome(const QString &outcome)
{
    const QString decision = outcomes::decisionFor(outcome);
    if (!isOpen() || m_editing || !m_offered.contains(outcome) || !allows(decision))
        return;
    const QString feedback = m_feedback->toPlainText().trimmed();
    if (decision != QLatin1String("approve") && feedback.isEmpty()) {
        m_feedback->setFocus();
        return showMessage(tr("Write your feedback first: “%1” sends it to the agent.").arg(outcome));
    }
    if (decision == QLatin1String("reject")
        && !confirm(tr("Reject this approval?"),
                    tr("“%1” will end as “%2” with the reason:\n\n%3\n\nThe agent is told at once; this cannot be undone.")
                        .arg(m_approval.title, outcome, feedback)))
        return;
    Q_EMIT decisionMade(decision, feedback, {}, outcome);
}

} // namespace countersign::ui
