#include "Labels.h"

#include <QLocale>

namespace countersign::ui {

QString Labels::status(const QString &s)
{
    if (s == QLatin1String("pending")) return tr("Pending");
    if (s == QLatin1String("approved")) return tr("Approved");
    if (s == QLatin1String("rejected")) return tr("Rejected");
    if (s == QLatin1String("revision_requested")) return tr("Revision requested");
    if (s == QLatin1String("expired")) return tr("Expired");
    if (s == QLatin1String("cancelled")) return tr("Cancelled");
    if (s == QLatin1String("reassigned")) return tr("Reassigned");  // left this user's view (LocalStore::withdraw)
    return s;
}

QString Labels::priority(const QString &p)
{
    if (p == QLatin1String("low")) return tr("Low");
    if (p == QLatin1String("normal")) return tr("Normal");
    if (p == QLatin1String("high")) return tr("High");
    if (p == QLatin1String("critical")) return tr("Critical");
    return p;
}

QString Labels::decision(const QString &d)
{
    if (d == QLatin1String("approve")) return tr("Approved");
    if (d == QLatin1String("approve_with_edits")) return tr("Approved with edits");
    if (d == QLatin1String("reject")) return tr("Rejected");
    if (d == QLatin1String("revise")) return tr("Revision requested");
    return d;
}

QString Labels::action(const QString &a)
{
    if (a == QLatin1String("created")) return tr("Submitted");
    if (a == QLatin1String("routed")) return tr("Routed");
    if (a == QLatin1String("notified")) return tr("Notified");
    if (a == QLatin1String("viewed")) return tr("Viewed");
    if (a == QLatin1String("decided")) return tr("Decided");
    if (a == QLatin1String("escalated")) return tr("Escalated");
    if (a == QLatin1String("expired")) return tr("Expired");
    if (a == QLatin1String("revised")) return tr("Revised by the agent");
    if (a == QLatin1String("cancelled")) return tr("Cancelled");
    if (a == QLatin1String("sla_reminder")) return tr("Reminder sent");
    if (a == QLatin1String("notification_skipped")) return tr("Notification skipped");
    if (a == QLatin1String("callback_failed")) return tr("Delivery to the agent failed, retrying");
    if (a == QLatin1String("callback_delivered")) return tr("Decision delivered to the agent");
    if (a == QLatin1String("forbidden_attempt")) return tr("Refused decision attempt");
    return a;
}

QString Labels::duration(qint64 seconds)
{
    const qint64 s = seconds < 0 ? -seconds : seconds;
    if (s >= 86400)
        return tr("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
    if (s >= 3600)
        return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    if (s >= 60)
        return tr("%1 min").arg(s / 60);
    return tr("%1 s").arg(s);
}

QString Labels::countdown(qint64 deadlineMs, qint64 nowMs)
{
    const qint64 left = (deadlineMs - nowMs) / 1000;
    return left < 0 ? tr("overdue by %1").arg(duration(left)) : tr("due in %1").arg(duration(left));
}

QString Labels::refusal(const QString &code, const QString &serverMessage)
{
    if (code == QLatin1String("conflict") || code == QLatin1String("already_decided"))
        return tr("someone else decided it first, or it changed meanwhile");
    if (code == QLatin1String("forbidden"))
        return tr("your roles do not allow you to decide it");
    if (code == QLatin1String("not_found"))
        return tr("the server no longer has it");
    if (code == QLatin1String("invalid") || code == QLatin1String("invalid_field"))
        return tr("the server found the decision incomplete or invalid");
    if (code == QLatin1String("revision_limit"))
        return tr("it has reached the most revisions its agent allows");
    if (code == QLatin1String("not_awaiting_revision"))
        return tr("it is not waiting for a revision");
    if (code == QLatin1String("unavailable"))
        return tr("the server could not take it just now; try again");
    if (code == QLatin1String("unauthorized"))
        return tr("the session has ended; sign in again");
    if (!serverMessage.isEmpty())
        return serverMessage;
    return code.isEmpty() ? tr("the server refused it") : tr("the server refused it (%1)").arg(code);
}

QString Labels::percent(double share)
{
    //: A percentage; %1 is the number already in the language's format. German puts a space before %.
    return tr("%1%").arg(QLocale().toString(share * 100.0, 'f', 1));
}

} // namespace countersign::ui
