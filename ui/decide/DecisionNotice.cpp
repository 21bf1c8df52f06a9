#include "DecisionNotice.h"

#include "common/Labels.h"

#include <QLocale>

namespace countersign::ui {

QString DecisionNotice::when(const QDateTime &instant)
{
    const QDateTime at = instant.toLocalTime();
    if (!at.isValid())
        return {};
    const QLocale locale;
    if (at.date() == QDate::currentDate())
        return locale.toString(at.time(), QLocale::ShortFormat);
    return locale.toString(at, QLocale::ShortFormat);
}

QString DecisionNotice::of(const client::CachedApproval &a)
{
    if (a.isNull())
        return {};
    if (const std::optional<client::Withdrawal> &w = a.withdrawn) {
        const QString at = when(w->at);
        return w->reason == QLatin1String("escalated")
                   ? tr("Escalated to %1 at %2: it is no longer yours to decide.").arg(w->route, at)
                   : tr("Routed to %1 at %2: it is no longer yours to decide.").arg(w->route, at);
    }
    const std::optional<Decision> &d = a.decision;
    const QString at = when(d && d->decidedAt.isValid() ? d->decidedAt : a.updatedAt);
    const QString by = d ? d->decidedBy : QString();
    switch (a.status) {
    case Status::Pending: return {};
    case Status::Expired: return tr("Expired at %1 without a decision.").arg(at);
    case Status::Cancelled: return tr("Cancelled by the agent at %1.").arg(when(a.updatedAt));
    case Status::RevisionRequested:
        return tr("Sent back for revision by %1 at %2: waiting for the agent's next version.").arg(by, at);
    case Status::Approved:
    case Status::Rejected:
        return tr("%1 by %2 at %3.").arg(d ? Labels::decision(d->decision) : Labels::status(toString(a.status)), by, at);
    }
    return Labels::status(toString(a.status));
}

} // namespace countersign::ui
