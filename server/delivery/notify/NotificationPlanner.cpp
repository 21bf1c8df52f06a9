#include "NotificationPlanner.h"

#include "domain/Ids.h"
#include "policy/Redactor.h"
#include "protocol/ApprovalJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace countersign::server {

namespace {

constexpr qsizetype EmailPreviewChars = 4000;
constexpr qsizetype SlackPreviewChars = 500;

QString headline(NotifyReason reason)
{
    switch (reason) {
    case NotifyReason::New: return QStringLiteral("New approval");
    case NotifyReason::Revised: return QStringLiteral("Revised, ready for review again");
    case NotifyReason::Escalated: return QStringLiteral("Escalated to you");
    case NotifyReason::Reminder: return QStringLiteral("Reminder: waiting for your decision");
    }
    return {};
}

// The output as approvers see it (redacted), as readable text, cut to `limit` characters.
QString preview(const Approval &a, const Redactor &redactor, qsizetype limit)
{
    const QJsonValue shown = redactor.redact(a.output);
    QString text = shown.isString() ? shown.toString()
                                     : QString::fromUtf8(QJsonDocument(shown.toObject()).toJson(QJsonDocument::Indented));
    if (text.size() > limit)
        text = text.left(limit) + QStringLiteral("\n[... cut, open the approval for the rest]");
    return text;
}

QString title(const Approval &a, const Redactor &redactor)
{
    return redactor.redactText(a.title.isEmpty() ? a.taskId : a.title);
}

QStringList recipients(const Config::Notifications &config, const Approval &a, const QList<User> &users)
{
    QStringList to;
    for (const User &u : users) {
        if (u.disabled || u.email.isEmpty())
            continue;
        if (u.roles.contains(a.route) || a.assignees.contains(u.username))
            to.append(u.email);
    }
    to += config.email.routeRecipients.value(a.route);
    to.removeDuplicates();
    return to;
}

Delivery message(const Approval &a, const char *kind, const QString &url, const QJsonObject &body, qint64 nowMs)
{
    Delivery d;
    d.id = newTimeOrderedId(nowMs);
    d.kind = QString::fromLatin1(kind);
    d.approvalId = a.id;
    d.source = a.source;
    d.url = url;
    d.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    d.createdAtMs = nowMs;
    d.nextAttemptAtMs = nowMs;
    return d;
}

QJsonObject email(const Config::Notifications &config, const Approval &a, NotifyReason reason, const QStringList &to,
                  const Redactor &redactor)
{
    const QString link = config.linkBase + a.id;
    QString text = headline(reason) + QStringLiteral("\n\n")
        + QStringLiteral("Title:     %1\n").arg(title(a, redactor))
        + QStringLiteral("Agent:     %1\n").arg(a.agent)
        + QStringLiteral("Priority:  %1\n").arg(toString(a.priority))
        + QStringLiteral("Route:     %1\n").arg(a.route)
        + QStringLiteral("Version:   %1\n").arg(a.version);
    if (a.expiresAt.isValid())
        text += QStringLiteral("Deadline:  %1\n").arg(json::time(a.expiresAt).toString());
    text += QStringLiteral("\nOpen it in Countersign: %1\n\n--- Output ---\n%2\n").arg(link, preview(a, redactor, EmailPreviewChars));
    const QString subject = QStringLiteral("[Countersign] %1: %2 (%3)").arg(headline(reason), title(a, redactor), toString(a.priority));
    return {{QStringLiteral("to"), QJsonArray::fromStringList(to)},
            {QStringLiteral("subject"), subject},
            {QStringLiteral("text"), text}};
}

QJsonObject slack(const Config::Notifications &config, const Approval &a, NotifyReason reason, const Redactor &redactor)
{
    const QString link = config.linkBase + a.id;
    const QString emphasis = a.priority == Priority::Critical ? QStringLiteral(":rotating_light: ") : QString();
    const QString summary = QStringLiteral("%1%2: *%3* from %4 (priority %5, route %6)")
                                .arg(emphasis, headline(reason), title(a, redactor), a.agent, toString(a.priority), a.route);
    const QJsonObject section{
        {QStringLiteral("type"), QStringLiteral("section")},
        {QStringLiteral("text"), QJsonObject{{QStringLiteral("type"), QStringLiteral("mrkdwn")},
                                             {QStringLiteral("text"), QString(summary + QStringLiteral("\n<%1|Open in Countersign>").arg(link))}}}};
    const QJsonObject output{
        {QStringLiteral("type"), QStringLiteral("section")},
        {QStringLiteral("text"), QJsonObject{{QStringLiteral("type"), QStringLiteral("mrkdwn")},
                                             {QStringLiteral("text"), QStringLiteral("```%1```").arg(preview(a, redactor, SlackPreviewChars))}}}};
    return {{QStringLiteral("text"), QString(summary + QStringLiteral(" ") + link)},
            {QStringLiteral("blocks"), QJsonArray{section, output}}};
}

} // namespace

QString toString(NotifyReason reason)
{
    switch (reason) {
    case NotifyReason::New: return QStringLiteral("new");
    case NotifyReason::Revised: return QStringLiteral("revised");
    case NotifyReason::Escalated: return QStringLiteral("escalated");
    case NotifyReason::Reminder: return QStringLiteral("reminder");
    }
    return {};
}

bool notifiesDesktop(const Config::Notifications &config, const Approval &a)
{
    // Without a channels setting (a config built in code) the desktop is always told.
    if (config.channels.isEmpty())
        return true;
    return config.channels.value(toString(a.priority)).contains(QLatin1String("desktop"));
}

QList<Delivery> planNotifications(const Config::Notifications &config, const Approval &a, NotifyReason reason,
                                  const QList<User> &users, const Redactor &redactor, qint64 nowMs, QStringList *skipped)
{
    const QStringList channels = config.channels.value(toString(a.priority));
    QList<Delivery> out;
    if (channels.contains(QLatin1String("email")) && !config.email.host.isEmpty()) {
        const QStringList to = recipients(config, a, users);
        if (to.isEmpty())
            skipped->append(QStringLiteral("email: no approver of route %1 has an email address").arg(a.route));
        else
            out.append(message(a, Delivery::Email, QStringLiteral("smtp"), email(config, a, reason, to, redactor), nowMs));
    }
    if (channels.contains(QLatin1String("slack"))) {
        const QString webhook = config.slack.webhooks.value(a.route, config.slack.defaultWebhook);
        if (webhook.isEmpty())
            skipped->append(QStringLiteral("slack: no webhook for route %1").arg(a.route));
        else
            out.append(message(a, Delivery::Slack, webhook, slack(config, a, reason, redactor), nowMs));
    }
    return out;
}

} // namespace countersign::server
