#include "MetricsView.h"

#include "RateBars.h"
#include "common/Labels.h"
#include "common/Theme.h"

#include "client/Connection.h"
#include "protocol/MetricsJson.h"
#include "time/Clock.h"

#include <QComboBox>
#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace countersign::ui {

namespace {

QTableWidget *makeTable(const QString &name, const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    // The name takes the room; the figures their width.
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    return t;
}

QTableWidgetItem *cell(const QString &text, bool number = false)
{
    auto *item = new QTableWidgetItem(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// One statistic as "4 min"; a dash when nothing was measured.
QString stat(const DurationStats &stats, double DurationStats::*seconds)
{
    if (stats.count == 0)
        return QStringLiteral("—");
    return Labels::duration(qint64(stats.*seconds + 0.5));
}
QString span(const DurationStats &stats) { return stat(stats, &DurationStats::averageS); }
QString p90(const DurationStats &stats) { return stat(stats, &DurationStats::p90S); }

} // namespace

MetricsView::MetricsView(client::Connection &connection, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_clock(clock)
    , m_period(new QComboBox(this))
    , m_refresh(new QPushButton(tr("&Refresh"), this))
    , m_status(new QLabel(this))
    , m_figures(new QLabel(this))
    , m_rates(new RateBars(this))
    , m_routes(makeTable(QStringLiteral("metricsRoutes"),
                         {tr("Route"), tr("Pending"), tr("Oldest pending"), tr("Decisions"), tr("Average time"),
                          tr("90% within"), tr("Expired")}, this))
    , m_approvers(makeTable(QStringLiteral("metricsApprovers"),
                            {tr("Approver"), tr("Decisions"), tr("Average time"), tr("90% within")}, this))
{
    setObjectName(QStringLiteral("metricsView"));
    m_period->setObjectName(QStringLiteral("metricsPeriod"));
    m_period->addItem(tr("Last 24 hours"), 1);
    m_period->addItem(tr("Last 7 days"), 7);
    m_period->addItem(tr("Last 30 days"), 30);
    m_period->addItem(tr("Last 90 days"), 90);
    m_period->setCurrentIndex(2);
    m_refresh->setObjectName(QStringLiteral("metricsRefresh"));
    m_status->setObjectName(QStringLiteral("metricsStatus"));
    m_figures->setObjectName(QStringLiteral("metricsFigures"));
    m_figures->setTextFormat(Qt::RichText);
    m_figures->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_rates->setObjectName(QStringLiteral("metricsRates"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Period:"), this));
    bar->addWidget(m_period);
    bar->addWidget(m_refresh);
    bar->addWidget(m_status, 1);

    auto *outcomeBox = new QGroupBox(tr("How approvals closed"), this);
    auto *outcomeLayout = new QHBoxLayout(outcomeBox);
    outcomeLayout->addWidget(m_figures, 2);
    outcomeLayout->addWidget(m_rates, 3, Qt::AlignTop);

    auto *routesBox = new QGroupBox(tr("Routes, bottlenecks first"), this);
    (new QVBoxLayout(routesBox))->addWidget(m_routes);
    auto *approversBox = new QGroupBox(tr("Approvers"), this);
    (new QVBoxLayout(approversBox))->addWidget(m_approvers);
    auto *tables = new QSplitter(Qt::Horizontal, this);
    tables->addWidget(routesBox);
    tables->addWidget(approversBox);
    tables->setStretchFactor(0, 3);
    tables->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(outcomeBox);
    layout->addWidget(tables, 1);

    connect(m_refresh, &QPushButton::clicked, this, &MetricsView::refresh);
    connect(m_period, &QComboBox::currentIndexChanged, this, &MetricsView::refresh);
    m_status->setText(tr("Not loaded yet."));
}

QString MetricsView::statusText() const
{
    return m_status->text();
}

void MetricsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void MetricsView::refresh()
{
    const int generation = ++m_generation;
    const QDateTime from = m_clock.now().addDays(-m_period->currentData().toInt()).toUTC();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("from"), from.toString(Qt::ISODate));
    m_status->setText(tr("Loading…"));
    m_refresh->setEnabled(false);
    m_connection.rest().getJson(QStringLiteral("/api/v1/metrics/summary"), query, this,
                                [this, generation](const QJsonObject &answer, const QString &error) {
                                    if (generation != m_generation)
                                        return;
                                    m_refresh->setEnabled(true);
                                    if (!error.isEmpty())
                                        return fail(error);
                                    display(json::metricsSummaryFromJson(answer));
                                });
}

void MetricsView::fail(const QString &message)
{
    m_status->setText(tr("Metrics are not available: %1").arg(message));
    Q_EMIT loaded(false);
}

void MetricsView::display(const MetricsSummary &s)
{
    m_summary = s;
    const QLocale locale;
    m_status->setText(tr("As of %1.").arg(locale.toString(s.computedAt.toLocalTime(), QLocale::ShortFormat)));

    const QString rows = QStringLiteral("<tr><td>%1</td><td align=right><b>%2</b></td></tr>");
    QString html = QStringLiteral("<table cellspacing=4>");
    html += rows.arg(tr("Closed"), locale.toString(s.closed));
    html += rows.arg(tr("Approved"), tr("%1 (%2 with edits)").arg(locale.toString(s.approved),
                                                                 locale.toString(s.approvedWithEdits)));
    html += rows.arg(tr("Rejected"), locale.toString(s.rejected));
    html += rows.arg(tr("Sent back for revision"), locale.toString(s.revised));
    html += rows.arg(tr("Expired"), locale.toString(s.expired));
    html += rows.arg(tr("Time to decision, average"), span(s.timeToDecision));
    html += rows.arg(tr("Time to decision, 90% within"), p90(s.timeToDecision));
    html += rows.arg(tr("Revision rounds per finished task"), locale.toString(s.revisionRoundsPerTask, 'f', 2));
    html += QStringLiteral("</table>");
    m_figures->setText(html);

    m_rates->setBars({{tr("Approved"), s.rates.approve, &theme::successText},
                      {tr("Rejected"), s.rates.reject, &theme::errorText},
                      {tr("Revision"), s.rates.revise, &theme::warningText},
                      {tr("Expired"), s.rates.expire, &theme::mutedText}});

    m_routes->setRowCount(int(s.routes.size()));
    for (int i = 0; i < s.routes.size(); ++i) {
        const MetricsSummary::Route &r = s.routes.at(i);
        m_routes->setItem(i, 0, cell(r.route));
        m_routes->setItem(i, 1, cell(locale.toString(r.pending), true));
        m_routes->setItem(i, 2, cell(r.pending == 0 ? QStringLiteral("—") : Labels::duration(qint64(r.oldestPendingAgeS)), true));
        m_routes->setItem(i, 3, cell(locale.toString(r.timeToDecision.count), true));
        m_routes->setItem(i, 4, cell(span(r.timeToDecision), true));
        m_routes->setItem(i, 5, cell(p90(r.timeToDecision), true));
        m_routes->setItem(i, 6, cell(locale.toString(r.expired), true));
    }
    m_approvers->setRowCount(int(s.approvers.size()));
    for (int i = 0; i < s.approvers.size(); ++i) {
        const MetricsSummary::Approver &a = s.approvers.at(i);
        m_approvers->setItem(i, 0, cell(a.name));
        m_approvers->setItem(i, 1, cell(locale.toString(a.response.count), true));
        m_approvers->setItem(i, 2, cell(span(a.response), true));
        m_approvers->setItem(i, 3, cell(p90(a.response), true));
    }
    Q_EMIT loaded(true);
}

} // namespace countersign::ui
