#pragma once

#include "domain/Approval.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QTabWidget;

namespace countersign {
class Clock;
}

namespace countersign::ui {

class GripSplitter;
class HistoryView;
class JsonTree;
class OutputView;

// One approval in full: title, agent, priority, route, status and deadline; the output rendered for what it
// is (after "edit then approve", the approved edit); the context, the approval criteria as a checklist, the metadata; and the history with version diffs.
class ApprovalDetailView final : public QWidget
{
    Q_OBJECT
public:
    ApprovalDetailView(const Clock &clock, QWidget *parent = nullptr);

    void setApproval(const Approval &approval);  // one without an id shows "nothing selected"
    const Approval &approval() const { return m_approval; }
    void refreshCountdown();
    // While the reviewer edits the output inline, the editor below stands in for the output pane: it steps
    // aside and gives its height to the editor (the context, criteria and history stay in view).
    void setOutputReplaced(bool replaced);

    OutputView &output() { return *m_output; }
    HistoryView &history() { return *m_history; }
    QListWidget &criteria() { return *m_criteria; }
    GripSplitter &splitter() { return *m_split; }

private:
    const Clock &m_clock;
    Approval m_approval;
    bool m_outputReplaced = false;
    QLabel *m_title;
    QLabel *m_meta;
    QLabel *m_deadline;
    QLabel *m_decision;
    QLabel *m_edited;
    OutputView *m_output;
    QTabWidget *m_tabs;
    JsonTree *m_context;
    QListWidget *m_criteria;
    JsonTree *m_metadata;
    HistoryView *m_history;
    GripSplitter *m_split = nullptr;
};

} // namespace countersign::ui
