#pragma once

#include "client/CachedApproval.h"

#include <QJsonValue>
#include <QWidget>

#include <functional>

class QLabel;
class QShortcut;
class QPlainTextEdit;
class QPushButton;

namespace countersign::ui {

class OutputEditor;

// The reviewer's decision on the selected approval: Approve; Edit then approve (an inline editor on the
// output, and the diff shown before sending); Reject (a reason is required, and confirmed); Request revision
// (feedback is required; shows the rounds used and allowed). Offers only what the approval allows, and
// nothing once it is decided or a decision on it waits in the outbox. An edit in progress stays when the
// same approval is pushed again (a reconnect, a sync); when that push says it was decided elsewhere or moved
// to another route, the edit stays on screen, read-only and copyable, under a notice of what happened, and
// every decision is off. Escape closes the editor (asking first when it holds changes).
class DecisionPanel final : public QWidget
{
    Q_OBJECT
public:
    // Asks the user to confirm; the default is a modal QMessageBox whose default button is Cancel.
    using Confirm = std::function<bool(const QString &title, const QString &text)>;
    // Shows the diff of an edit before sending; true to send.
    using ReviewEdits = std::function<bool(const QJsonValue &before, const QJsonValue &after)>;

    explicit DecisionPanel(QWidget *parent = nullptr);

    void setApproval(const client::CachedApproval &approval, bool queued);
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setReviewEdits(ReviewEdits review) { m_review = std::move(review); }

    bool isEditing() const { return m_editing; }
    // The line saying why the approval is not open for a decision ("Approved by max at 10:42"); empty when it is.
    QString notice() const;
    OutputEditor &editor() { return *m_editor; }
    QString message() const;

public Q_SLOTS:
    void approve();
    void editOrSendEdits();  // opens the editor, or (while editing) reviews and sends
    void cancelEdit();
    void reject();
    void requestRevision();
    // Decides by one of the outcomes the agent offers (a CrewAI flow's emit): reject-like ones need a reason
    // and a confirmation, revision-like ones feedback, as their plain decisions do.
    void chooseOutcome(const QString &outcome);
    // What became of the last decisionMade: saved (queued or sent), the edit closes; not saved, the panel says
    // why and keeps the edit and the feedback, so that nothing the reviewer wrote is lost.
    void decisionSaved();
    void decisionNotSaved(const QString &why);

Q_SIGNALS:
    // `output` is set for approve_with_edits only; `outcome` when the approver chose one the agent offered.
    // The owner answers with decisionSaved() or decisionNotSaved().
    void decisionMade(const QString &decision, const QString &feedback, const QJsonValue &output, const QString &outcome);
    // The inline editor opened or closed (the window gives it more room while open).
    void editingChanged(bool editing);

private:
    bool allows(const QString &decision) const;
    bool isOpen() const;  // pending, and no decision of ours waits in the outbox
    void updateState();
    void showMessage(const QString &text);
    bool confirm(const QString &title, const QString &text);
    void showOutcomes();

    client::CachedApproval m_approval;
    bool m_queued = false;
    bool m_editing = false;
    int m_editingVersion = 0;
    OutputEditor *m_editor;
    QLabel *m_rounds;
    QLabel *m_notice;
    QLabel *m_message;
    QPlainTextEdit *m_feedback;
    QPushButton *m_approve;
    QPushButton *m_edit;
    QPushButton *m_cancelEdit;
    QPushButton *m_reject;
    QPushButton *m_revise;
    QWidget *m_outcomes;  // a button per offered outcome, when the agent offers any
    QStringList m_offered;
    Confirm m_confirm;
    ReviewEdits m_review;
};

} // namespace countersign::ui
