#include "ApprovalText.h"

#include "protocol/ApprovalJson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace countersign::cli::approvalText {

namespace {

QString span(qint64 s)
{
    s = s < 0 ? -s : s;
    if (s >= 86400)
        return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
    if (s >= 3600)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    if (s >= 60)
        return QStringLiteral("%1 min").arg(s / 60);
    return QStringLiteral("%1 s").arg(s);
}

QString indent(const QString &text, const QString &by)
{
    QStringList lines = text.split(u'\n');
    for (QString &l : lines)
        l.prepend(by);
    return lines.join(u'\n');
}

// "key: value" lines; strings as they are (indented when they span lines), anything else as JSON.
QString fields(const QJsonValue &value)
{
    if (value.isString())
        return indent(value.toString(), QStringLiteral("  "));
    if (!value.isObject())
        return indent(QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)).trimmed(), QStringLiteral("  "));
    QStringList out;
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        QString v;
        if (it.value().isString())
            v = it.value().toString();
        else if (it.value().isObject())
            v = QString::fromUtf8(QJsonDocument(it.value().toObject()).toJson(QJsonDocument::Compact));
        else if (it.value().isArray())
            v = QString::fromUtf8(QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact));
        else
            v = QString::fromUtf8(json::scalarJson(it.value()));
        if (v.contains(u'\n'))
            out << QStringLiteral("  %1:\n%2").arg(it.key(), indent(v, QStringLiteral("    ")));
        else
            out << QStringLiteral("  %1: %2").arg(it.key(), v);
    }
    return out.join(u'\n');
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

QString deadline(const QJsonObject &a, qint64 nowMs)
{
    const QDateTime expires = QDateTime::fromString(str(a, "expires_at"), Qt::ISODate);
    if (!expires.isValid() || str(a, "status") != QLatin1String("pending"))
        return {};
    const qint64 left = (expires.toMSecsSinceEpoch() - nowMs) / 1000;
    return left < 0 ? QStringLiteral("overdue by %1").arg(span(left)) : QStringLiteral("due in %1").arg(span(left));
}

QString full(const QJsonObject &a, qint64 nowMs, bool withHistory)
{
    QStringList out;
    out << QStringLiteral("== %1 ==").arg(str(a, "title").isEmpty() ? str(a, "task_id") : str(a, "title"));
    QStringList facts{QStringLiteral("id %1").arg(str(a, "id")), QStringLiteral("agent %1").arg(str(a, "agent")),
                      QStringLiteral("priority %1").arg(str(a, "priority")), QStringLiteral("route %1").arg(str(a, "route")),
                      QStringLiteral("version %1").arg(a.value(QLatin1String("version")).toInt()), str(a, "status")};
    const QString due = deadline(a, nowMs);
    if (!due.isEmpty())
        facts << due;
    out << facts.join(QStringLiteral(" · "));
    out << QString() << QStringLiteral("Output:") << fields(a.value(QLatin1String("output")));
    const QJsonObject context = a.value(QLatin1String("context")).toObject();
    if (!context.isEmpty())
        out << QString() << QStringLiteral("Context:") << fields(context);
    const QJsonArray criteria = a.value(QLatin1String("criteria")).toArray();
    if (!criteria.isEmpty()) {
        out << QString() << QStringLiteral("Criteria:");
        for (const QJsonValue &c : criteria)
            out << QStringLiteral("  [ ] %1").arg(c.toString());
    }
    const QStringList offered = json::offeredOutcomes(a);
    if (!offered.isEmpty())
        out << QString() << QStringLiteral("Outcomes offered (countersign decide ID --outcome NAME): %1").arg(offered.join(QStringLiteral(", ")));
    const QJsonArray revisions = a.value(QLatin1String("revisions")).toArray();
    if (!revisions.isEmpty()) {
        out << QString() << QStringLiteral("Earlier rounds:");
        for (const QJsonValue &r : revisions) {
            const QJsonObject round = r.toObject();
            out << QStringLiteral("  version %1: feedback \"%2\"")
                       .arg(round.value(QLatin1String("version")).toInt())
                       .arg(round.value(QLatin1String("feedback")).toString());
        }
    }
    const QJsonObject decision = a.value(QLatin1String("decision")).toObject();
    if (!decision.isEmpty()) {
        out << QString() << QStringLiteral("Decision: %1 by %2%3")
                                .arg(str(decision, "decision"), str(decision, "decided_by"),
                                     str(decision, "feedback").isEmpty() ? QString() : QStringLiteral(": \"%1\"").arg(str(decision, "feedback")));
    }
    if (withHistory) {
        out << QString() << QStringLiteral("History:");
        for (const QJsonValue &v : a.value(QLatin1String("history")).toArray()) {
            const QJsonObject e = v.toObject();
            out << QStringLiteral("  %1  %2  %3 (version %4)")
                       .arg(str(e, "at"), str(e, "action"), str(e, "actor"))
                       .arg(e.value(QLatin1String("version")).toInt());
        }
    }
    return out.join(u'\n') + u'\n';
}

QString tableHeader()
{
    return QStringLiteral("%1  %2  %3  %4  %5\n")
        .arg(QStringLiteral("ID"), -36)
        .arg(QStringLiteral("PRIORITY"), -8)
        .arg(QStringLiteral("ROUTE"), -10)
        .arg(QStringLiteral("DEADLINE"), -20)
        .arg(QStringLiteral("TITLE"));
}

QString tableRow(const QJsonObject &a, qint64 nowMs)
{
    QString due = deadline(a, nowMs);
    if (str(a, "status") != QLatin1String("pending"))
        due = str(a, "status");
    return QStringLiteral("%1  %2  %3  %4  %5 (%6)\n")
        .arg(str(a, "id"), -36)
        .arg(str(a, "priority"), -8)
        .arg(str(a, "route"), -10)
        .arg(due.isEmpty() ? QStringLiteral("-") : due, -20)
        .arg(str(a, "title").isEmpty() ? str(a, "task_id") : str(a, "title"), str(a, "agent"));
}

} // namespace countersign::cli::approvalText
