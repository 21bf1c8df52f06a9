#include "Redactor.h"

#include "protocol/ApprovalJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

namespace countersign::server {

namespace {

QString childPath(const QString &at, const QString &key)
{
    return at + u'.' + key;
}

QString indexPath(const QString &at, qsizetype i)
{
    return at + u'[' + QString::number(i) + u']';
}

} // namespace

bool Redactor::isSecretKey(const QString &key) const
{
    return m_rules.normalizedKeys.contains(Config::Redaction::normalizedKey(key));
}

QString Redactor::redactText(const QString &text) const
{
    QString out = text;
    if (m_rules.anyPattern.isValid())
        return out.replace(m_rules.anyPattern, m_rules.mask);
    for (const QRegularExpression &re : m_rules.patterns)
        out.replace(re, m_rules.mask);
    return out;
}

QJsonValue Redactor::redact(const QJsonValue &value) const
{
    if (value.isString())
        return redactText(value.toString());
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(redact(v));
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(it.key(), isSecretKey(it.key()) ? QJsonValue(m_rules.mask) : redact(it.value()));
        return out;
    }
    return value;
}

QJsonObject Redactor::approverJson(const Approval &a) const
{
    // The fields the server itself sets, in forms clients parse (ids, enums, times, numbers): never free text.
    // Everything else is redacted, so that a field added to the approver view later is masked by default.
    static const QSet<QString> bookkeeping = {
        QStringLiteral("id"), QStringLiteral("task_id"), QStringLiteral("source"), QStringLiteral("priority"),
        QStringLiteral("route"), QStringLiteral("status"), QStringLiteral("version"), QStringLiteral("allowed_decisions"),
        QStringLiteral("max_revisions"), QStringLiteral("timeout_s"), QStringLiteral("created_at"),
        QStringLiteral("updated_at"), QStringLiteral("expires_at"), QStringLiteral("escalation_level"),
        QStringLiteral("assignees"), QStringLiteral("remind_at"), QStringLiteral("seq"),
    };
    const QJsonObject plain = json::toJson(a, json::View::Approver);
    QJsonObject o;
    for (auto it = plain.begin(); it != plain.end(); ++it)
        o.insert(it.key(), bookkeeping.contains(it.key()) ? it.value() : redact(it.value()));
    return o;
}

QString Redactor::redactUrl(const QString &url) const
{
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid() || u.host().isEmpty())
        return m_rules.mask;  // not readable as a URL: nothing of it can be shown safely
    const QString &mask = m_rules.mask;
    QString out = u.scheme() + QStringLiteral("://");
    if (!u.userInfo().isEmpty())
        out += mask + u'@';
    const QString host = u.host(QUrl::FullyEncoded);
    out += host.contains(u':') ? QString(u'[' + host + u']') : host;  // an IPv6 address
    if (u.port() != -1)
        out += u':' + QString::number(u.port());
    out += redactText(u.path(QUrl::FullyEncoded));
    if (u.hasQuery()) {
        QStringList items;
        for (const auto &[key, value] : QUrlQuery(u).queryItems(QUrl::FullyEncoded))
            items.append(value.isEmpty() && !u.query().contains(key + u'=') ? key : QString(key + u'=' + mask));
        out += u'?' + items.join(u'&');
    }
    if (u.hasFragment())
        out += u'#' + mask;
    return out;
}

QString Redactor::redactUrlIn(const QString &text, const QString &url) const
{
    const QUrl u(url);
    QString out = text;
    // The whole URL first, in the spellings an error message may use, then any secret part left over.
    for (const QString &spelling : {url, u.toString(), u.toString(QUrl::FullyEncoded), u.toDisplayString()}) {
        if (!spelling.isEmpty())
            out.replace(spelling, redactUrl(url));
    }
    QStringList parts{u.userName(), u.password(), u.userName(QUrl::FullyEncoded), u.password(QUrl::FullyEncoded),
                      u.fragment(), u.fragment(QUrl::FullyEncoded)};
    for (const auto &[key, value] : QUrlQuery(u).queryItems(QUrl::FullyDecoded))
        parts.append(value);
    for (const auto &[key, value] : QUrlQuery(u).queryItems(QUrl::FullyEncoded))
        parts.append(value);
    for (const QString &part : std::as_const(parts)) {
        if (!part.isEmpty())
            out.replace(part, m_rules.mask);
    }
    return redactText(out);
}

bool Redactor::approverViewContains(const Approval &a, const QString &text) const
{
    Approval shown = a;
    shown.history.clear();  // the search looks at the approval itself, as it did over the stored document
    const QByteArray view = QJsonDocument(approverJson(shown)).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(view).contains(text, Qt::CaseInsensitive);
}

bool Redactor::restoreEdit(const QJsonValue &original, const QJsonValue &edited, QJsonValue *restored, QString *path) const
{
    return restore(original, edited, QStringLiteral("output"), restored, path);
}

bool Redactor::restore(const QJsonValue &original, const QJsonValue &edited, const QString &at, QJsonValue *out,
                       QString *path) const
{
    const QJsonValue shown = redact(original);
    if (shown == original) {  // nothing secret in here: any edit goes
        *out = edited;
        return true;
    }
    if (edited == shown) {  // left as shown: the original comes back
        *out = original;
        return true;
    }
    if (original.isObject() && edited.isObject()) {
        const QJsonObject before = original.toObject();
        QJsonObject after = edited.toObject();
        for (auto it = before.begin(); it != before.end(); ++it) {
            const QString key = it.key();
            const QString here = childPath(at, key);
            if (isSecretKey(key)) {
                if (after.value(key) != QJsonValue(m_rules.mask)) {
                    *path = here;
                    return false;
                }
                after.insert(key, it.value());
                continue;
            }
            if (redact(it.value()) == it.value())
                continue;  // no secret below: edited or removed freely
            if (!after.contains(key)) {
                *path = here;
                return false;
            }
            QJsonValue child;
            if (!restore(it.value(), after.value(key), here, &child, path))
                return false;
            after.insert(key, child);
        }
        *out = after;
        return true;
    }
    if (original.isArray() && edited.isArray() && original.toArray().size() == edited.toArray().size()) {
        const QJsonArray before = original.toArray();
        const QJsonArray after = edited.toArray();
        QJsonArray result;
        for (qsizetype i = 0; i < before.size(); ++i) {
            QJsonValue child;
            if (!restore(before.at(i), after.at(i), indexPath(at, i), &child, path))
                return false;
            result.append(child);
        }
        *out = result;
        return true;
    }
    *path = at;  // a masked text changed, or a part holding secrets changed its shape
    return false;
}

} // namespace countersign::server
