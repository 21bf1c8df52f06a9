#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;

namespace countersign {
class Clock;
}
namespace countersign::client {
class ApprovalFilterModel;
class ClientSession;
} // namespace countersign::client

namespace countersign::ui {

class ApprovalDetailView;

// What has been decided: every approved, rejected, revised, expired or cancelled item in the local cache,
// newest first, narrowed by outcome and by text; the selected one with its decision, its output and its audit
// trail (every event, who and when, and the diff between versions). Read from the cache, so it works offline.
class DecidedView final : public QWidget
{
    Q_OBJECT
public:
    DecidedView(client::ClientSession &session, const Clock &clock, QWidget *parent = nullptr);
    ~DecidedView() override;

    QLineEdit &search() { return *m_search; }
    QComboBox &outcome() { return *m_outcome; }
    QListView &list() { return *m_list; }
    ApprovalDetailView &detail() { return *m_detail; }
    QString currentApprovalId() const;

private:
    void applyOutcome();
    void showCurrent();
    void updateCount();

    client::ClientSession &m_session;
    std::unique_ptr<client::ApprovalFilterModel> m_model;
    QLineEdit *m_search;
    QComboBox *m_outcome;
    QLabel *m_count;
    QListView *m_list;
    ApprovalDetailView *m_detail;
};

} // namespace countersign::ui
