#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLineEdit;

namespace countersign::client {
class ApprovalFilterModel;
class ApprovalListModel;
} // namespace countersign::client

namespace countersign::ui {

// Narrows the queue: a search box and one choice each for status, route, agent and priority, with the number
// of approvals for each choice, and the sort order. Drives the ApprovalFilterModel. Its choices can be taken
// and given back (state(), setState()), so that a window rebuilt for another language keeps them.
class FilterBar final : public QWidget
{
    Q_OBJECT
public:
    FilterBar(client::ApprovalListModel &list, client::ApprovalFilterModel &filter, QWidget *parent = nullptr);

    // What the user chose: the search text, the value chosen in each filter (empty: all) and the sort order.
    struct State
    {
        QString text;
        QString status;
        QString route;
        QString agent;
        QString priority;
        int sort = 0;
    };
    State state() const;
    void setState(const State &state);

    QLineEdit &search() { return *m_search; }
    QComboBox &status() { return *m_status; }
    QComboBox &route() { return *m_route; }
    QComboBox &agent() { return *m_agent; }
    QComboBox &priority() { return *m_priority; }
    QComboBox &sort() { return *m_sort; }
    // Recounts now (otherwise at the end of the event-loop turn after the list changed).
    void recount();

private:
    void apply();
    // Brings `box` to "All (total)" then `items` (value, label) with their counts, in place.
    void sync(QComboBox &box, const QString &allText, QList<std::pair<QString, QString>> items,
              const QHash<QString, int> &counts, int total);

    client::ApprovalListModel &m_list;
    client::ApprovalFilterModel &m_filter;
    QLineEdit *m_search;
    QComboBox *m_status;
    QComboBox *m_route;
    QComboBox *m_agent;
    QComboBox *m_priority;
    QComboBox *m_sort;
    QTimer m_recount;
};

} // namespace countersign::ui
