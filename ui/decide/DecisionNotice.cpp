#include "DecisionNotice.h"

#include "common/Labels.h"

#include "protocol/ApprovalJson.h"

#include <QDateTime>
#include <QLocale>

namespace countersign::ui {

QString DecisionNotice::when(const QString &rfc3339)
{
    const QDateTime at = json::parseTime(rfc3339).toLocalTime();
    if (!at.isValid())
        return {};
    const QLocale locale;
    if (at.date() == QDate::currentDate())
        return locale.toString(at.time(), QLocale::ShortFormat);
    return locale.toString(at, QLocale::ShortFormat);
}

QString DecisionNotice::of(const QJsonObject &a)
{
    if (a.isEmpty())
        return {};
    const QJsonObject withdrawn = a.value(QLatin1String("withdrawn")).toObject();
    if (!withdrawn.isEmpty()) {
        const QString route = withdrawn.value(QLatin1String("route")).toString();
        const QString at = when(withdrawn.value(QLatin1String("at")).toString());
        return withdrawn.value(QLatin1String("reason")).toString() == QLatin1String("escalated")
                   ? tr("Escalated to %1 at %2: it is no longer yours to decide.").arg(route, at)
                   : tr("Routed to %1 at %2: it is no longer yours to decide.").arg(route, at);
    }
    const QString status = a.value(QLatin1String("status")).toString();
    const QJsonObject d = a.value(QLatin1String("decision")).toObject();
    const QString at = when(d.value(QLatin1String("decided_at")).toString(a.value(QLatin1String("updated_at")).toString()));
    const QString by = d.value(QLatin1String("decided_by")).toString();
    if (status == QLatin1String("pending"))
        return {};
    if (status == QLatin1String("expired"))
        return tr("Expired at %1 without a decision.").arg(at);
    if (status == QLatin1String("cancelled"))
        return tr("Cancelled by the agent at %1.").arg(when(a.value(QLatin1String("updated_at")).toString()));
    if (status == QLatin1String("revision_requested"))
        return tr("Sent back for revision by %1 at %2: waiting for the agent's next version.").arg(by, at);
    if (status == QLatin1String("approved") || status == QLatin1String("rejected"))
        return tr("%1 by %2 at %3.").arg(d.isEmpty() ? Labels::status(status) : Labels::decision(d.value(QLatin1String("decision")).toString()), by, at);
    return Labels::status(status);
}

} // namespace countersign::ui
