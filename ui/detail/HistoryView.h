#pragma once

#include "domain/Approval.h"

#include <QJsonValue>
#include <QWidget>

class QComboBox;
class QTreeWidget;

namespace countersign::ui {

class DiffView;

// What happened to one approval: its events (submitted, routed, decided, revised...) with who and when, and
// a diff between any two versions of its output (the agent's revision rounds, the current one and, after
// "edit then approve", the output as the approver edited it), field by field and word by word.
class HistoryView final : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryView(QWidget *parent = nullptr);
    void setApproval(const Approval &approval);
    int eventCount() const;
    // Compares version `from` with version `to` (1-based; the highest is the approved edit if there is one,
    // else the agent's current version).
    void compare(int from, int to);
    QString diffText() const;
    int versionCount() const { return int(m_outputs.size()); }

private:
    void showDiff();

    QTreeWidget *m_events;
    QComboBox *m_from;
    QComboBox *m_to;
    DiffView *m_diff;
    QList<QJsonValue> m_outputs;  // index = version - 1; an approved edit last
};

} // namespace countersign::ui
