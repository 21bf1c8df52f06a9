#include "HistoryView.h"

#include "GripSplitter.h"
#include "common/Labels.h"
#include "diff/DiffView.h"

#include "protocol/ApprovalJson.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace countersign::ui {

namespace {
QString eventDetails(const Event &e)
{
    const EventDetails d = json::eventDetailsFromJson(e.details);
    QStringList parts;
    if (!d.decision.isEmpty())
        parts << Labels::decision(d.decision);
    if (d.edited)
        parts << HistoryView::tr("with edits");
    if (!d.feedback.isEmpty())
        parts << QStringLiteral("“%1”").arg(d.feedback);
    if (!d.route.isEmpty())
        parts << HistoryView::tr("to %1").arg(d.route);
    if (!d.note.isEmpty())
        parts << d.note;
    if (!d.rule.isEmpty())
        parts << HistoryView::tr("rule “%1”").arg(d.rule);
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

void HistoryView::setApproval(const Approval &approval)
{
    m_events->clear();
    for (const Event &e : approval.history) {
        new QTreeWidgetItem(m_events, {QLocale().toString(e.at.toLocalTime(), QLocale::ShortFormat), e.actor,
                                       Labels::action(e.action), QString::number(e.version), eventDetails(e)});
    }
    // Every round's output, then the current one; after "edit then approve" also the output as the approver
    // edited it (the decision's output, which is what the agent received).
    m_outputs.clear();
    for (const Revision &r : json::revisionsFromJson(approval.revisions))
        m_outputs.append(r.output);
    m_outputs.append(approval.output);
    const qsizetype agentVersions = m_outputs.size();
    const std::optional<Decision> &decision = approval.decision;
    if (decision && decision->edited && !decision->output.isUndefined())
        m_outputs.append(decision->output);
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);
    m_from->clear();
    m_to->clear();
    for (int v = 1; v <= m_outputs.size(); ++v) {
        QString name = tr("v%1").arg(v);
        if (v > agentVersions)
            name = tr("as approved with %1's edits").arg(decision->decidedBy);
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
