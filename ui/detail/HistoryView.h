#pragma once

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QTextBrowser;
class QTreeWidget;

namespace countersign::ui {

// What happened to one approval: its events (submitted, routed, decided, revised...) with who and when, and
// a diff between any two versions of its output (the agent's revision rounds and the current one).
class HistoryView final : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryView(QWidget *parent = nullptr);
    void setApproval(const QJsonObject &approval);
    int eventCount() const;
    // Compares version `from` with version `to` (1-based; the current version is the highest).
    void compare(int from, int to);
    QString diffText() const;

private:
    void showDiff();

    QTreeWidget *m_events;
    QComboBox *m_from;
    QComboBox *m_to;
    QTextBrowser *m_diff;
    QList<QJsonValue> m_outputs;  // index = version - 1
};

} // namespace countersign::ui
