#include "ApprovalDetailView.h"

#include "GripSplitter.h"
#include "HistoryView.h"
#include "JsonTree.h"
#include "OutputView.h"
#include "common/Labels.h"
#include "common/Theme.h"

#include "time/Clock.h"

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QTabWidget>
#include <QVBoxLayout>

namespace countersign::ui {

ApprovalDetailView::ApprovalDetailView(const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_title(new QLabel(this))
    , m_meta(new QLabel(this))
    , m_deadline(new QLabel(this))
    , m_decision(new QLabel(this))
    , m_edited(new QLabel(this))
    , m_output(new OutputView(this))
    , m_tabs(new QTabWidget(this))
    , m_context(new JsonTree(this))
    , m_criteria(new QListWidget(this))
    , m_metadata(new JsonTree(this))
    , m_history(new HistoryView(this))
{
    m_title->setObjectName(QStringLiteral("detailTitle"));
    m_meta->setObjectName(QStringLiteral("detailMeta"));
    m_deadline->setObjectName(QStringLiteral("detailDeadline"));
    m_decision->setObjectName(QStringLiteral("detailDecision"));
    m_edited->setObjectName(QStringLiteral("detailEdited"));
    m_edited->setWordWrap(true);
    m_edited->setTextFormat(Qt::PlainText);
    m_context->setObjectName(QStringLiteral("contextTree"));
    m_criteria->setObjectName(QStringLiteral("criteriaList"));
    m_metadata->setObjectName(QStringLiteral("metadataTree"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_meta->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_decision->setWordWrap(true);
    m_criteria->setToolTip(tr("Tick each criterion as you check it (for your own review; not sent)"));

    auto *contextPane = new QWidget(this);
    auto *contextLayout = new QHBoxLayout(contextPane);
    auto *contextBox = new QGroupBox(tr("Context"), contextPane);
    (new QVBoxLayout(contextBox))->addWidget(m_context);
    auto *criteriaBox = new QGroupBox(tr("Approval criteria"), contextPane);
    (new QVBoxLayout(criteriaBox))->addWidget(m_criteria);
    // Flat: the tab already frames them, and a second frame costs the rows the reviewer needs to see.
    contextBox->setFlat(true);
    criteriaBox->setFlat(true);
    contextLayout->setContentsMargins(0, 0, 0, 0);
    contextLayout->addWidget(contextBox, 3);
    contextLayout->addWidget(criteriaBox, 2);
    m_tabs->addTab(contextPane, tr("Context && criteria"));
    m_tabs->addTab(m_history, tr("History"));
    m_tabs->addTab(m_metadata, tr("Metadata"));

    auto *header = new QHBoxLayout;
    header->addWidget(m_meta, 1);
    header->addWidget(m_deadline);
    // The output is what the reviewer reads: it gets most of the height, the tabs below the rest; the
    // handle between them is drawn so that it can be found.
    m_split = new GripSplitter(Qt::Vertical, this);
    m_split->setObjectName(QStringLiteral("detailSplitter"));
    m_split->addWidget(m_output);
    m_split->addWidget(m_tabs);
    // 3:2: the criteria are ticked while reading, so a few of them and of the context stay in view.
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);
    m_split->setSizes({600, 400});
    // The tabs' own minimum (two group boxes, the history's list and diff) would take half the height; a few
    // lines are enough for them to be seen, the handle or the pop-out give more.
    m_tabs->setMinimumHeight(fontMetrics().lineSpacing() * 7);
    m_output->setMinimumHeight(fontMetrics().lineSpacing() * 7);
    // History holds a diff to read: opening it gives the tabs half the height (the handle still moves).
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        const QList<int> sizes = m_split->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        if (m_tabs->currentWidget() == m_history && sizes.value(1) < total * 2 / 5)
            m_split->setSizes({total / 2, total - total / 2});
    });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(header);
    layout->addWidget(m_decision);
    layout->addWidget(m_edited);
    layout->addWidget(m_split, 1);
    setApproval({});
}

void ApprovalDetailView::setOutputReplaced(bool replaced)
{
    m_outputReplaced = replaced;
    m_output->setVisible(!m_approval.id.isEmpty() && !replaced);
}

void ApprovalDetailView::setApproval(const Approval &a)
{
    const bool sameItem = !m_approval.id.isEmpty() && a.id == m_approval.id;
    m_approval = a;
    const bool empty = a.id.isEmpty();
    m_output->setVisible(!empty && !m_outputReplaced);
    m_tabs->setVisible(!empty);
    if (empty) {
        m_title->setText(tr("Nothing selected"));
        m_meta->setText(tr("Choose an approval in the list to see what the agent produced."));
        m_deadline->clear();
        m_decision->hide();
        m_edited->hide();
        return;
    }
    m_title->setText(a.title);
    m_meta->setText(tr("%1 · %2 priority · route %3 · %4 · version %5")
                        .arg(a.agent, Labels::priority(toString(a.priority)), a.route, Labels::status(toString(a.status)))
                        .arg(a.version));
    if (const std::optional<Decision> &d = a.decision) {
        QString who = d->decidedBy;
        if (!d->role.isEmpty())
            who = tr("%1 (%2)").arg(who, d->role);
        QString text = tr("%1 by %2").arg(Labels::decision(d->decision), who);
        if (d->decidedAt.isValid())
            text = tr("%1, %2").arg(text, QLocale().toString(d->decidedAt.toLocalTime(), QLocale::ShortFormat));
        m_decision->setText(text + (d->feedback.isEmpty() ? QString() : QStringLiteral(": “%1”").arg(d->feedback)));
        m_decision->show();
    } else {
        m_decision->hide();
    }
    // After "edit then approve" the output that stands is the approver's (the decision's output, PROTOCOL §3);
    // the approval's own output stays the agent's, which History compares it with.
    const bool edited = a.decision && a.decision->edited && !a.decision->output.isUndefined();
    m_edited->setText(edited ? tr("Shown: the output as approved with %1's edits. History compares it with the agent's version.")
                                   .arg(a.decision->decidedBy)
                             : QString());
    m_edited->setVisible(edited);
    m_output->setTitle(a.title);
    m_output->setOutput(edited ? a.decision->output : a.output);
    m_context->setJson(a.context);
    m_metadata->setJson(a.metadata);
    // A push of the same approval keeps the reviewer's ticks.
    QSet<QString> ticked;
    if (sameItem) {
        for (int i = 0; i < m_criteria->count(); ++i) {
            if (m_criteria->item(i)->checkState() == Qt::Checked)
                ticked.insert(m_criteria->item(i)->text());
        }
    }
    m_criteria->clear();
    for (const QString &c : a.criteria) {
        auto *item = new QListWidgetItem(c, m_criteria);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(ticked.contains(c) ? Qt::Checked : Qt::Unchecked);
    }
    if (m_criteria->count() == 0)
        new QListWidgetItem(tr("The agent gave no criteria."), m_criteria);
    m_history->setApproval(a);
    refreshCountdown();
}

void ApprovalDetailView::refreshCountdown()
{
    if (!m_approval.expiresAt.isValid() || m_approval.status != Status::Pending)
        return m_deadline->clear();
    const qint64 deadline = m_approval.expiresAt.toMSecsSinceEpoch();
    m_deadline->setText(Labels::countdown(deadline, m_clock.nowMs()));
    // Under an hour left: bold, in the palette's error colour (readable in a light and a dark theme).
    const bool urgent = deadline - m_clock.nowMs() < 3600 * 1000;
    QFont f = m_deadline->font();
    f.setBold(urgent);
    m_deadline->setFont(f);
    theme::setForeground(*m_deadline, urgent ? theme::errorText(palette()) : palette().color(QPalette::WindowText));
}

} // namespace countersign::ui
