#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QWidget>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace countersign::ui {

class OutputEditor;

// The reviewer's decision on the selected approval: Approve; Edit then approve (an inline editor on the
// output, and the diff shown before sending); Reject (a reason is required, and confirmed); Request revision
// (feedback is required; shows the rounds used and allowed). Offers only what the approval allows, and
// nothing once it is decided or a decision on it waits in the outbox. An edit in progress stays when the
// same approval is pushed again (a reconnect, a sync).
class DecisionPanel final : public QWidget
{
    Q_OBJECT
public:
    // Asks the user to confirm; the default is a modal QMessageBox whose default button is Cancel.
    using Confirm = std::function<bool(const QString &title, const QString &text)>;
    // Shows the diff of an edit before sending; true to send.
    using ReviewEdits = std::function<bool(const QJsonValue &before, const QJsonValue &after)>;

    explicit DecisionPanel(QWidget *parent = nullptr);

    void setApproval(const QJsonObject &approval, bool queued);
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setReviewEdits(ReviewEdits review) { m_review = std::move(review); }

    bool isEditing() const { return m_editing; }
    OutputEditor &editor() { return *m_editor; }
    QString message() const;

public Q_SLOTS:
    void approve();
    void editOrSendEdits();  // opens the editor, or (while editing) reviews and sends
    void cancelEdit();
    void reject();
    void requestRevision();

Q_SIGNALS:
    // `output` is set for approve_with_edits only.
    void decisionMade(const QString &decision, const QString &feedback, const QJsonValue &output);

private:
    bool allows(const QString &decision) const;
    void updateState();
    void showMessage(const QString &text);
    bool confirm(const QString &title, const QString &text);

    QJsonObject m_approval;
    bool m_queued = false;
    bool m_editing = false;
    int m_editingVersion = 0;
    OutputEditor *m_editor;
    QLabel *m_rounds;
    QLabel *m_message;
    QPlainTextEdit *m_feedback;
    QPushButton *m_approve;
    QPushButton *m_edit;
    QPushButton *m_cancelEdit;
    QPushButton *m_reject;
    QPushButton *m_revise;
    Confirm m_confirm;
    ReviewEdits m_review;
};

} // namespace countersign::ui
