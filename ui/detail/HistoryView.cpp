#include "HistoryView.h"

#include "GripSplitter.h"
#include "common/Labels.h"
#include "diff/DiffView.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace countersign::ui {

namespace {
QString eventDetails(const QJsonObject &e)
{
    const QJsonObject d = e.value(QLatin1String("details")).toObject();
    QStringList parts;
    if (d.contains(QLatin1String("decision")))
        parts << Labels::decision(d.value(QLatin1String("decision")).toString());
    if (d.value(QLatin1String("edited")).toBool())
        parts << HistoryView::tr("with edits");
    if (!d.value(QLatin1String("feedback")).toString().isEmpty())
        parts << QStringLiteral("“%1”").arg(d.value(QLatin1String("feedback")).toString());
    if (!d.value(QLatin1String("route")).toString().isEmpty())
        parts << HistoryView::tr("to %1").arg(d.value(QLatin1String("route")).toString());
    if (!d.value(QLatin1String("note")).toString().isEmpty())
        parts << d.value(QLatin1String("note")).toString();
    if (!d.value(QLatin1String("rule")).toString().isEmpty())
        parts << HistoryView::tr("rule “%1”").arg(d.value(QLatin1String("rule")).toString());
    return parts.join(QStringLiteral(" · "));
}
} // namespace

HistoryView::HistoryView(QWidget *parent)
    : QWidget(parent)
    , m_events(new QTreeWidget(this))
    , m_from(new QComboBox(this))
    , m_to(new QComboBox(this))
    , m_diff(new DiffView(this))
{
    m_events->setObjectName(QStringLiteral("historyEvents"));
    m_events->setHeaderLabels({tr("When"), tr("Who"), tr("What"), tr("Version"), tr("Details")});
    m_events->setRootIsDecorated(false);
    m_events->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_events->header()->setStretchLastSection(true);
    m_from->setObjectName(QStringLiteral("diffFrom"));
    m_to->setObjectName(QStringLiteral("diffTo"));
    m_diff->setObjectName(QStringLiteral("versionDiff"));

    auto *compareRow = new QHBoxLayout;
    compareRow->addWidget(new QLabel(tr("Compare version"), this));
    compareRow->addWidget(m_from);
    compareRow->addWidget(new QLabel(tr("with"), this));
    compareRow->addWidget(m_to);
    compareRow->addStretch();
    auto *diffPane = new QWidget(this);
    auto *diffLayout = new QVBoxLayout(diffPane);
    diffLayout->setContentsMargins(0, 0, 0, 0);
    diffLayout->addLayout(compareRow);
    diffLayout->addWidget(m_diff);

    auto *split = new GripSplitter(Qt::Vertical, this);
    split->addWidget(m_events);
    split->addWidget(diffPane);
    // The diff is what is read here: it gets most of the room, the events a few rows (both scroll).
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    m_events->setMinimumHeight(fontMetrics().lineSpacing() * 4);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    connect(m_from, &QComboBox::currentIndexChanged, this, &HistoryView::showDiff);
    connect(m_to, &QComboBox::currentIndexChanged, this, &HistoryView::showDiff);
}

void HistoryView::setApproval(const QJsonObject &approval)
{
    m_events->clear();
    for (const QJsonValue &v : approval.value(QLatin1String("history")).toArray()) {
        const QJsonObject e = v.toObject();
        const QDateTime at = QDateTime::fromString(e.value(QLatin1String("at")).toString(), Qt::ISODate).toLocalTime();
        new QTreeWidgetItem(m_events, {QLocale().toString(at, QLocale::ShortFormat), e.value(QLatin1String("actor")).toString(),
                                       Labels::action(e.value(QLatin1String("action")).toString()),
                                       QString::number(e.value(QLatin1String("version")).toInt()), eventDetails(e)});
    }
    // Every round's output, then the current one; after "edit then approve" also the output as the approver
    // edited it (the decision's output, which is what the agent received).
    m_outputs.clear();
    for (const QJsonValue &r : approval.value(QLatin1String("revisions")).toArray())
        m_outputs.append(r.toObject().value(QLatin1String("output")));
    m_outputs.append(approval.value(QLatin1String("output")));
    const qsizetype agentVersions = m_outputs.size();
    const QJsonObject decision = approval.value(QLatin1String("decision")).toObject();
    if (decision.value(QLatin1String("edited")).toBool() && decision.contains(QLatin1String("output")))
        m_outputs.append(decision.value(QLatin1String("output")));
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);
    m_from->clear();
    m_to->clear();
    for (int v = 1; v <= m_outputs.size(); ++v) {
        QString name = tr("v%1").arg(v);
        if (v > agentVersions)
            name = tr("as approved with %1's edits").arg(decision.value(QLatin1String("decided_by")).toString());
        else if (v == agentVersions)
            name = tr("v%1 (the agent's latest)").arg(v);
        m_from->addItem(name, v);
        m_to->addItem(name, v);
    }
    m_from->setCurrentIndex(std::max<int>(0, int(m_outputs.size()) - 2));
    m_to->setCurrentIndex(int(m_outputs.size()) - 1);
    showDiff();
}

int HistoryView::eventCount() const
{
    return m_events->topLevelItemCount();
}

void HistoryView::compare(int from, int to)
{
    m_from->setCurrentIndex(from - 1);
    m_to->setCurrentIndex(to - 1);
    showDiff();
}

QString HistoryView::diffText() const
{
    return m_diff->plainText();
}

void HistoryView::showDiff()
{
    const int from = m_from->currentIndex();
    const int to = m_to->currentIndex();
    if (from < 0 || to < 0 || from >= m_outputs.size() || to >= m_outputs.size())
        return m_diff->showMessage(QString());
    if (m_outputs.size() == 1)
        return m_diff->showMessage(tr("There is one version only: the agent has not revised this output, and it was not edited."));
    m_diff->setValues(m_outputs.at(from), m_outputs.at(to));
}

} // namespace countersign::ui
