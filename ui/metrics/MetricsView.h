#pragma once

#include "domain/MetricsSummary.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace countersign {
class Clock;
}
namespace countersign::client {
class Connection;
}

namespace countersign::ui {

class RateBars;

// The server's approval metrics (GET /api/v1/metrics/summary) for a chosen period: how many approvals
// closed and how (as bars), time to decision, revision rounds, and per route the bottlenecks first (pending,
// oldest pending, time to decision), per approver their pace. Asked for when the view is shown, when the
// period changes and on Refresh; never cached, so offline it says so instead of showing stale figures.
class MetricsView final : public QWidget
{
    Q_OBJECT
public:
    MetricsView(client::Connection &connection, const Clock &clock, QWidget *parent = nullptr);

    // Asks the server again for the selected period.
    void refresh();
    const MetricsSummary &summary() const { return m_summary; }
    QString statusText() const;
    QComboBox &period() { return *m_period; }
    QTableWidget &routes() { return *m_routes; }
    QTableWidget &approvers() { return *m_approvers; }
    RateBars &rates() { return *m_rates; }

Q_SIGNALS:
    // A refresh ended: shown, or failed with statusText() saying why.
    void loaded(bool ok);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void display(const MetricsSummary &summary);
    void fail(const QString &message);

    client::Connection &m_connection;
    const Clock &m_clock;
    QComboBox *m_period;
    QPushButton *m_refresh;
    QLabel *m_status;
    QLabel *m_figures;
    RateBars *m_rates;
    QTableWidget *m_routes;
    QTableWidget *m_approvers;
    MetricsSummary m_summary;
    int m_generation = 0;  // answers to an older refresh are dropped
};

} // namespace countersign::ui
