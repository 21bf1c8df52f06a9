#include "ApprovalSummary.h"

#include "protocol/ApprovalJson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace countersign::client {

namespace {

constexpr qsizetype MaxSearchChars = 4096;

// The words of a JSON value, without its punctuation: what a person would search for.
void collectText(const QJsonValue &v, QString &out)
{
    if (out.size() >= MaxSearchChars)
        return;
    if (v.isString()) {
        out += v.toString();
        out += u' ';
    } else if (v.isDouble()) {
        out += QString::number(v.toDouble(), 'g', 15);
        out += u' ';
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            collectText(e, out);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            collectText(it.value(), out);
    }
}

} // namespace

int priorityRank(const QString &priority)
{
    if (priority == QLatin1String("low"))
        return 0;
    if (priority == QLatin1String("high"))
        return 2;
    if (priority == QLatin1String("critical"))
        return 3;
    return 1;
}

ApprovalSummary ApprovalSummary::fromJson(const QJsonObject &a)
{
    ApprovalSummary s;
    s.id = a.value(QLatin1String("id")).toString();
    s.title = a.value(QLatin1String("title")).toString();
    s.agent = a.value(QLatin1String("agent")).toString();
    s.route = a.value(QLatin1String("route")).toString();
    // An approval that left the user's view (LocalStore::withdraw) is no longer theirs to decide, whatever its
    // status on the server: it leaves the pending queue as "reassigned".
    s.status = a.contains(QLatin1String("withdrawn")) ? QStringLiteral("reassigned") : a.value(QLatin1String("status")).toString();
    s.priority = a.value(QLatin1String("priority")).toString(QStringLiteral("normal"));
    s.priorityRank = client::priorityRank(s.priority);
    s.version = a.value(QLatin1String("version")).toInt(1);
    s.seq = a.value(QLatin1String("seq")).toInteger();
    s.createdMs = json::parseTime(a.value(QLatin1String("created_at")).toString()).toMSecsSinceEpoch();
    const QDateTime expires = json::parseTime(a.value(QLatin1String("expires_at")).toString());
    s.expiresMs = expires.isValid() ? expires.toMSecsSinceEpoch() : 0;
    QString text = s.title + u' ' + s.agent + u' ';
    collectText(a.value(QLatin1String("output")), text);
    s.searchText = text.left(MaxSearchChars).toLower().toUtf8();
    return s;
}

} // namespace countersign::client
