#include "PolicyConfig.h"

#include "ConfigReader.h"
#include "policy/JsonLogic.h"

#include <QJsonDocument>
#include <QUrl>

namespace countersign::server {

namespace {

const QStringList &priorities()
{
    static const QStringList list = {QStringLiteral("low"), QStringLiteral("normal"), QStringLiteral("high"),
                                     QStringLiteral("critical")};
    return list;
}

bool parseRouting(const QJsonObject &raw, Config &c, ConfigError *error)
{
    Reader top(raw, QString(), error);
    auto routing = top.object(QStringLiteral("routing"));
    if (!routing)
        return false;
    Reader r(*routing, QStringLiteral("routing"), error);
    r.string(QStringLiteral("default_route"), &c.routing.defaultRoute, true);
    const QJsonValue rules = r.value(QStringLiteral("rules"));
    if (r.ok() && !rules.isUndefined() && !rules.isArray())
        r.fail(QStringLiteral("rules"), QStringLiteral("must be an array of {\"name\", \"if\", \"route\"}"));
    const QJsonArray list = rules.toArray();
    for (qsizetype i = 0; r.ok() && i < list.size(); ++i) {
        const QString path = QStringLiteral("routing.rules[%1]").arg(i);
        if (!list.at(i).isObject()) {
            r.fail(QStringLiteral("rules[%1]").arg(i), QStringLiteral("must be an object with \"name\", \"if\" and \"route\""));
            break;
        }
        Reader rule(list.at(i).toObject(), path, error);
        Config::RoutingRule parsed;
        rule.string(QStringLiteral("name"), &parsed.name, true);
        rule.string(QStringLiteral("route"), &parsed.route);
        if (rule.ok() && parsed.name.isEmpty())
            rule.fail(QStringLiteral("name"), QStringLiteral("is required"));
        if (rule.ok() && parsed.route.isEmpty())
            rule.fail(QStringLiteral("route"), QStringLiteral("is required (rule \"%1\")").arg(parsed.name));
        for (const Config::RoutingRule &earlier : std::as_const(c.routing.rules)) {
            if (rule.ok() && earlier.name == parsed.name)
                rule.fail(QStringLiteral("name"), QStringLiteral("\"%1\" is used by another rule").arg(parsed.name));
        }
        parsed.condition = rule.value(QStringLiteral("if"));
        if (rule.ok() && parsed.condition.isUndefined())
            rule.fail(QStringLiteral("if"), QStringLiteral("is required (rule \"%1\")").arg(parsed.name));
        if (rule.ok()) {
            if (auto problem = jsonlogic::validate(parsed.condition))
                rule.fail(QStringLiteral("if"), QStringLiteral("rule \"%1\" is not valid JSON Logic: %2").arg(parsed.name, *problem));
        }
        rule.rejectUnknown();
        if (!rule.ok())
            return false;
        c.routing.rules.append(parsed);
    }
    r.rejectUnknown();
    return r.ok();
}

// {"name": seconds, ...} with names from `allowed` (any name when empty).
bool secondsMap(Reader &r, const QString &name, const QStringList &allowed, QHash<QString, qint64> *out)
{
    auto o = r.object(name);
    if (!o)
        return false;
    for (auto it = o->begin(); it != o->end(); ++it) {
        if (!allowed.isEmpty() && !allowed.contains(it.key())) {
            r.fail(name + u'.' + it.key(), QStringLiteral("is not one of %1").arg(allowed.join(QStringLiteral(", "))));
            return false;
        }
        Reader entry(*o, r.key(name), nullptr);
        qint64 seconds = 0;
        entry.number(it.key(), &seconds, 1, 365.0 * 86400);
        if (!entry.ok() || !it.value().isDouble()) {
            r.fail(name + u'.' + it.key(), QStringLiteral("must be a whole number of seconds between 1 and 31536000"));
            return false;
        }
        out->insert(it.key(), seconds);
    }
    return true;
}

bool parseTimeouts(const QJsonObject &raw, Config &c, ConfigError *error)
{
    Reader top(raw, QString(), error);
    auto timeouts = top.object(QStringLiteral("timeouts"));
    if (!timeouts)
        return false;
    Reader r(*timeouts, QStringLiteral("timeouts"), error);
    if (!r.value(QStringLiteral("default_s")).isUndefined()) {
        qint64 s = 0;
        r.number(QStringLiteral("default_s"), &s, 1, 365.0 * 86400);
        c.timeouts.defaultS = s;
    }
    r.number(QStringLiteral("reminder_fraction"), &c.timeouts.reminderFraction, 0, 0.99);
    if (r.ok())
        secondsMap(r, QStringLiteral("per_priority"), priorities(), &c.timeouts.perPriority);
    if (r.ok())
        secondsMap(r, QStringLiteral("per_route"), {}, &c.timeouts.perRoute);
    r.rejectUnknown();
    return r.ok();
}

bool parseEscalation(const QJsonObject &raw, Config &c, ConfigError *error)
{
    Reader top(raw, QString(), error);
    auto escalation = top.object(QStringLiteral("escalation"));
    if (!escalation)
        return false;
    Reader r(*escalation, QStringLiteral("escalation"), error);
    r.stringList(QStringLiteral("chain"), &c.escalation.chain);
    r.stringList(QStringLiteral("fallback_approvers"), &c.escalation.fallbackApprovers);
    r.stringList(QStringLiteral("priorities"), &c.escalation.priorities);
    for (const QString &p : std::as_const(c.escalation.priorities)) {
        if (r.ok() && !priorities().contains(p))
            r.fail(QStringLiteral("priorities"), QStringLiteral("\"%1\" is not a priority (%2)").arg(p, priorities().join(QStringLiteral(", "))));
    }
    r.rejectUnknown();
    return r.ok();
}

bool isHttpUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        && !url.host().isEmpty();
}

bool parseNotifications(const QJsonObject &raw, Config &c, ConfigError *error)
{
    Reader top(raw, QString(), error);
    auto notifications = top.object(QStringLiteral("notifications"));
    if (!notifications)
        return false;
    Reader r(*notifications, QStringLiteral("notifications"), error);
    Config::Notifications &n = c.notifications;
    r.number(QStringLiteral("max_attempts"), &n.maxAttempts, 1, 100);
    r.number(QStringLiteral("initial_backoff_s"), &n.initialBackoffS, 1, 86400);
    r.string(QStringLiteral("link_base"), &n.linkBase, true);

    auto email = r.object(QStringLiteral("email"));
    if (!email)
        return false;
    Reader e(*email, QStringLiteral("notifications.email"), error);
    e.string(QStringLiteral("host"), &n.email.host);
    e.number(QStringLiteral("port"), &n.email.port, 1, 65535);
    e.string(QStringLiteral("user"), &n.email.user);
    e.string(QStringLiteral("password"), &n.email.password);
    e.string(QStringLiteral("from"), &n.email.from);
    e.string(QStringLiteral("tls"), &n.email.tls);
    e.number(QStringLiteral("timeout_s"), &n.email.timeoutS, 1, 600);
    const QStringList tlsModes = {QStringLiteral("auto"), QStringLiteral("starttls"), QStringLiteral("smtps"), QStringLiteral("off")};
    if (e.ok() && !tlsModes.contains(n.email.tls))
        e.fail(QStringLiteral("tls"), QStringLiteral("must be one of %1").arg(tlsModes.join(QStringLiteral(", "))));
    if (e.ok() && !n.email.host.isEmpty() && !n.email.from.contains(u'@'))
        e.fail(QStringLiteral("from"), QStringLiteral("must be the sender's address (name@example.com) when email is on"));
    if (auto recipients = e.object(QStringLiteral("route_recipients")); recipients && e.ok()) {
        Reader rr(*recipients, QStringLiteral("notifications.email.route_recipients"), error);
        for (auto it = recipients->begin(); it != recipients->end() && rr.ok(); ++it) {
            QStringList list;
            rr.stringList(it.key(), &list);
            n.email.routeRecipients.insert(it.key(), list);
        }
        if (!rr.ok())
            return false;
    }
    e.rejectUnknown();
    if (!e.ok())
        return false;

    auto slack = r.object(QStringLiteral("slack"));
    if (!slack)
        return false;
    Reader s(*slack, QStringLiteral("notifications.slack"), error);
    s.string(QStringLiteral("default_webhook"), &n.slack.defaultWebhook);
    if (s.ok() && !n.slack.defaultWebhook.isEmpty() && !isHttpUrl(n.slack.defaultWebhook))
        s.fail(QStringLiteral("default_webhook"), QStringLiteral("must be an http(s) URL"));
    if (auto hooks = s.object(QStringLiteral("webhooks")); hooks && s.ok()) {
        for (auto it = hooks->begin(); it != hooks->end() && s.ok(); ++it) {
            if (!it.value().isString() || !isHttpUrl(it.value().toString()))
                s.fail(QStringLiteral("webhooks.") + it.key(), QStringLiteral("must be an http(s) URL"));
            else
                n.slack.webhooks.insert(it.key(), it.value().toString());
        }
    }
    s.rejectUnknown();
    if (!s.ok())
        return false;

    const bool emailOn = !n.email.host.isEmpty();
    const bool slackOn = !n.slack.defaultWebhook.isEmpty() || !n.slack.webhooks.isEmpty();
    auto channels = r.object(QStringLiteral("channels"));
    r.rejectUnknown();
    if (!channels || !r.ok())
        return false;
    if (channels->isEmpty()) {
        // Defaults: the desktop always; email from high up; Slack for critical ones; only the channels set up.
        for (const QString &p : priorities()) {
            QStringList list{QStringLiteral("desktop")};
            if (emailOn && (p == QLatin1String("high") || p == QLatin1String("critical")))
                list.append(QStringLiteral("email"));
            if (slackOn && p == QLatin1String("critical"))
                list.append(QStringLiteral("slack"));
            n.channels.insert(p, list);
        }
        return r.ok();
    }
    Reader ch(*channels, QStringLiteral("notifications.channels"), error);
    for (auto it = channels->begin(); it != channels->end() && ch.ok(); ++it) {
        if (!priorities().contains(it.key())) {
            ch.fail(it.key(), QStringLiteral("is not a priority (%1)").arg(priorities().join(QStringLiteral(", "))));
            break;
        }
        QStringList list;
        ch.stringList(it.key(), &list);
        for (const QString &channel : std::as_const(list)) {
            if (!ch.ok())
                break;
            if (channel == QLatin1String("email") && !emailOn)
                ch.fail(it.key(), QStringLiteral("uses email, but notifications.email.host is not set"));
            else if (channel == QLatin1String("slack") && !slackOn)
                ch.fail(it.key(), QStringLiteral("uses slack, but no notifications.slack webhook is set"));
            else if (channel != QLatin1String("desktop") && channel != QLatin1String("email") && channel != QLatin1String("slack"))
                ch.fail(it.key(), QStringLiteral("\"%1\" is not a channel (desktop, email, slack)").arg(channel));
        }
        n.channels.insert(it.key(), list);
    }
    return ch.ok() && r.ok();
}

bool parseRedaction(const QJsonObject &raw, Config &c, ConfigError *error)
{
    Reader top(raw, QString(), error);
    auto redaction = top.object(QStringLiteral("redaction"));
    if (!redaction)
        return false;
    Reader r(*redaction, QStringLiteral("redaction"), error);
    bool useDefaults = true;
    const QJsonValue defaults = r.value(QStringLiteral("use_defaults"));
    if (!defaults.isUndefined() && !defaults.isBool())
        r.fail(QStringLiteral("use_defaults"), QStringLiteral("must be true or false"));
    useDefaults = defaults.toBool(true);
    QStringList keys = useDefaults ? defaultRedactionKeys() : QStringList();
    QStringList patterns = useDefaults ? defaultRedactionPatterns() : QStringList();
    QStringList extraKeys;
    QStringList extraPatterns;
    r.stringList(QStringLiteral("keys"), &extraKeys);
    r.stringList(QStringLiteral("patterns"), &extraPatterns);
    r.string(QStringLiteral("mask"), &c.redaction.mask, true);
    r.rejectUnknown();
    if (!r.ok())
        return false;
    keys += extraKeys;
    keys.removeDuplicates();
    c.redaction.keys = keys;
    const qsizetype firstOwn = patterns.size();
    patterns += extraPatterns;
    for (qsizetype i = 0; i < patterns.size(); ++i) {
        QRegularExpression re(patterns.at(i));
        if (!re.isValid()) {
            r.fail(QStringLiteral("patterns[%1]").arg(i - firstOwn),
                   QStringLiteral("is not a valid regular expression: %1 at offset %2").arg(re.errorString()).arg(re.patternErrorOffset()));
            return false;
        }
        re.optimize();
        c.redaction.patterns.append(re);
    }
    c.redaction.derive();
    return true;
}

bool parseMetrics(const QJsonObject &raw, Config &c, ConfigError *error)
{
    Reader top(raw, QString(), error);
    auto metrics = top.object(QStringLiteral("metrics"));
    if (!metrics)
        return false;
    Reader r(*metrics, QStringLiteral("metrics"), error);
    r.string(QStringLiteral("bearer_token"), &c.metrics.bearerToken);
    r.rejectUnknown();
    return r.ok();
}

} // namespace

QStringList defaultRedactionKeys()
{
    return {QStringLiteral("api_key"), QStringLiteral("apikey"), QStringLiteral("password"), QStringLiteral("passwd"),
            QStringLiteral("secret"), QStringLiteral("client_secret"), QStringLiteral("token"), QStringLiteral("access_token"),
            QStringLiteral("refresh_token"), QStringLiteral("private_key"), QStringLiteral("ssn"),
            QStringLiteral("card_number"), QStringLiteral("cvv"), QStringLiteral("authorization")};
}

QString Config::Redaction::normalizedKey(const QString &key)
{
    // "API-Key", "apiKey" and "api_key" are the same key.
    QString k = key.toLower();
    k.remove(u'_');
    k.remove(u'-');
    k.remove(u' ');
    return k;
}

void Config::Redaction::derive()
{
    normalizedKeys.clear();
    for (const QString &k : std::as_const(keys))
        normalizedKeys.insert(normalizedKey(k));
    // One alternation finds the leftmost secret of any kind in a single pass. Each pattern keeps its own
    // inline flags inside its group. A pattern with a back-reference would refer to another group once
    // joined, so then the patterns run one by one.
    static const QRegularExpression backReference(QStringLiteral(R"(\\[1-9]|\\[gk]|\(\?P=)"));
    anyPattern = QRegularExpression();
    QStringList groups;
    for (const QRegularExpression &re : std::as_const(patterns)) {
        if (re.pattern().contains(backReference))
            return;
        groups.append(QStringLiteral("(?:%1)").arg(re.pattern()));
    }
    if (groups.isEmpty())
        return;
    QRegularExpression joined(groups.join(u'|'));
    if (joined.isValid()) {
        joined.optimize();
        anyPattern = joined;
    }
}

QStringList defaultRedactionPatterns()
{
    return {
        QStringLiteral(R"(\b\d{3}-\d{2}-\d{4}\b)"),                     // US social security number
        QStringLiteral(R"(\b(?:\d[ -]?){12,18}\d\b)"),                   // payment card number
        QStringLiteral(R"((?i)\bbearer\s+[a-z0-9._~+/=-]{8,})"),         // bearer token
        QStringLiteral(R"(\bsk-[A-Za-z0-9_-]{20,})"),                    // OpenAI-style secret key
        QStringLiteral(R"(\bAKIA[0-9A-Z]{16}\b)"),                       // AWS access key id
        QStringLiteral(R"(\bgh[pousr]_[A-Za-z0-9]{36,}\b)"),             // GitHub token
        QStringLiteral(R"(\bxox[abprs]-[A-Za-z0-9-]{10,})"),             // Slack token
    };
}

bool parsePolicies(Config &c, ConfigError *error)
{
    return parseRouting(c.raw, c, error) && parseTimeouts(c.raw, c, error) && parseEscalation(c.raw, c, error)
        && parseNotifications(c.raw, c, error) && parseRedaction(c.raw, c, error) && parseMetrics(c.raw, c, error);
}

} // namespace countersign::server
