#pragma once

#include "config/Config.h"
#include "domain/Approval.h"

#include <QJsonObject>
#include <QJsonValue>

namespace countersign::server {

// Masks secrets in what approvers, notifications, logs and the audit see: the value of any key named in the
// rules (at any depth), and any text matching a pattern. The agent's own reads and callbacks keep the
// originals. Cheap to construct: it only refers to the configuration.
class Redactor
{
public:
    explicit Redactor(const Config::Redaction &rules) : m_rules(rules) {}

    QJsonValue redact(const QJsonValue &value) const;
    QString redactText(const QString &text) const;
    bool isSecretKey(const QString &key) const;

    // The approval as an approver sees it (docs/protocol.md section 3, approver view), every part that an agent or a
    // person wrote redacted: output, context, metadata, the agent's unknown top-level fields ("extra"), earlier
    // rounds, the decision, the history. Only the server's own bookkeeping (ids, status, times, ...) is left as is.
    QJsonObject approverJson(const Approval &a) const;

    // A URL as approvers and auditors may see it: user info, every query value and the fragment masked, patterns
    // masked in the path ("https://[REDACTED]@hooks.example/cb?token=[REDACTED]"). Where the URL is used, the
    // original stays.
    QString redactUrl(const QString &url) const;
    // `text` (an error message naming `url`) with the parts that redactUrl masks masked.
    QString redactUrlIn(const QString &text, const QString &url) const;

    // Whether `text` (ignoring case) occurs in the approver view of `a`: what the queue's search matches, so that
    // a search can never confirm a masked value, the callback URL or an integration's token.
    bool approverViewContains(const Approval &a, const QString &text) const;

    // An approver edits the redacted output they were shown. The masked parts must come back unchanged and
    // get their original values again; everything else may change. On a touched masked part, returns false
    // with `path` naming it ("output.api_key").
    bool restoreEdit(const QJsonValue &original, const QJsonValue &edited, QJsonValue *restored, QString *path) const;

private:
    bool restore(const QJsonValue &original, const QJsonValue &edited, const QString &at, QJsonValue *out, QString *path) const;

    const Config::Redaction &m_rules;
};

} // namespace countersign::server
