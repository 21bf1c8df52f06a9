#include "Config.h"

#include "ConfigReader.h"
#include "PolicyConfig.h"
#include "domain/Approval.h"

#include <QFile>

#include <algorithm>
#include <cmath>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QStandardPaths>
#include <QUrl>

namespace countersign::server {


QString nearestKey(const QString &typo, const QSet<QString> &known)
{
    // Edit distance counting a swap of two neighbours as one edit ("prot" is one from "port"); keys are short.
    auto distance = [](const QString &a, const QString &b) {
        QList<QList<qsizetype>> d(a.size() + 1, QList<qsizetype>(b.size() + 1));
        for (qsizetype i = 0; i <= a.size(); ++i)
            d[i][0] = i;
        for (qsizetype j = 0; j <= b.size(); ++j)
            d[0][j] = j;
        for (qsizetype i = 1; i <= a.size(); ++i) {
            for (qsizetype j = 1; j <= b.size(); ++j) {
                const qsizetype cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
        return d[a.size()][b.size()];
    };
    QString best;
    qsizetype bestDistance = std::max<qsizetype>(2, typo.size() / 3) + 1;
    for (const QString &k : known) {
        const qsizetype d = distance(typo.toLower(), k.toLower());
        if (d < bestDistance || (d == bestDistance && !best.isEmpty() && k < best)) {
            best = k;
            bestDistance = d;
        }
    }
    return best;
}

const SourceConfig *Config::source(const QString &id) const
{
    for (const SourceConfig &s : sources) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QString ConfigError::toString() const
{
    return key.isEmpty() ? message : key + QStringLiteral(": ") + message;
}

bool parseListen(const QString &text, QString *host, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0)
        return false;
    QString h = text.left(colon);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535)
        return false;
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    if (h.isEmpty())
        h = QStringLiteral("0.0.0.0");
    if (h != QLatin1String("localhost") && QHostAddress(h).isNull())
        return false;
    *host = h;
    *port = static_cast<quint16>(p);
    return true;
}

std::optional<Config> parseConfig(const QByteArray &json, ConfigError *error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = {QString(), QStringLiteral("not valid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString())};
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (error)
            *error = {QString(), QStringLiteral("the configuration must be a JSON object")};
        return std::nullopt;
    }

    Config c;
    c.raw = doc.object();
    Reader top(c.raw, QString(), error);

    QString listen;
    top.string(QStringLiteral("listen"), &listen);
    if (top.ok() && !listen.isEmpty() && !parseListen(listen, &c.listenHost, &c.listenPort))
        top.fail(QStringLiteral("listen"), QStringLiteral("must be HOST:PORT, e.g. 127.0.0.1:8765"));
    top.string(QStringLiteral("data_dir"), &c.dataDir, true);
    top.string(QStringLiteral("log_format"), &c.logFormat);
    if (top.ok() && c.logFormat != QLatin1String("text") && c.logFormat != QLatin1String("json"))
        top.fail(QStringLiteral("log_format"), QStringLiteral("must be \"text\" or \"json\""));

    if (auto db = top.object(QStringLiteral("database")); db && top.ok()) {
        Reader r(*db, QStringLiteral("database"), error);
        r.string(QStringLiteral("driver"), &c.database.driver);
        if (r.ok() && c.database.driver != QLatin1String("sqlite") && c.database.driver != QLatin1String("postgres"))
            r.fail(QStringLiteral("driver"), QStringLiteral("must be \"sqlite\" or \"postgres\""));
        r.string(QStringLiteral("url"), &c.database.url);
        if (r.ok() && c.database.driver == QLatin1String("postgres") && c.database.url.isEmpty())
            r.fail(QStringLiteral("url"), QStringLiteral("is required for the postgres driver (postgresql://user:pass@host:5432/db)"));
        r.string(QStringLiteral("synchronous"), &c.database.synchronous);
        if (r.ok() && c.database.synchronous != QLatin1String("full") && c.database.synchronous != QLatin1String("normal"))
            r.fail(QStringLiteral("synchronous"), QStringLiteral("must be \"full\" or \"normal\""));
        r.rejectUnknown();
        if (!r.ok())
            return std::nullopt;
    }

    if (auto limits = top.object(QStringLiteral("limits")); limits && top.ok()) {
        Reader r(*limits, QStringLiteral("limits"), error);
        r.number(QStringLiteral("max_body_bytes"), &c.limits.maxBodyBytes, 1024, 256.0 * 1024 * 1024);
        r.number(QStringLiteral("rate_per_second"), &c.limits.ratePerSecond, 0, 1e7);
        r.number(QStringLiteral("burst"), &c.limits.burst, 1, 1e7);
        r.number(QStringLiteral("max_long_poll_s"), &c.limits.maxLongPollS, 0, 3600);
        r.number(QStringLiteral("header_timeout_s"), &c.limits.headerTimeoutS, 1, 3600);
        r.number(QStringLiteral("idle_timeout_s"), &c.limits.idleTimeoutS, 1, 86400);
        r.number(QStringLiteral("body_timeout_s"), &c.limits.bodyTimeoutS, 1, 3600);
        r.number(QStringLiteral("max_buffered_bytes"), &c.limits.maxBufferedBytes, 64.0 * 1024, 64.0 * 1024 * 1024 * 1024);
        r.number(QStringLiteral("max_connections"), &c.limits.maxConnections, 1, 1e6);
        r.number(QStringLiteral("max_connections_per_peer"), &c.limits.maxConnectionsPerPeer, 1, 1e6);
        r.rejectUnknown();
        if (!r.ok())
            return std::nullopt;
    }

    if (auto cb = top.object(QStringLiteral("callbacks")); cb && top.ok()) {
        Reader r(*cb, QStringLiteral("callbacks"), error);
        r.number(QStringLiteral("timeout_s"), &c.callbacks.timeoutS, 1, 600);
        r.number(QStringLiteral("initial_backoff_s"), &c.callbacks.initialBackoffS, 1, 3600);
        r.number(QStringLiteral("max_backoff_s"), &c.callbacks.maxBackoffS, 1, 86400);
        r.number(QStringLiteral("give_up_after_s"), &c.callbacks.giveUpAfterS, 86400, 30.0 * 86400);
        r.number(QStringLiteral("max_in_flight"), &c.callbacks.maxInFlight, 1, 1024);
        r.rejectUnknown();
        if (!r.ok())
            return std::nullopt;
    }

    if (auto auth = top.object(QStringLiteral("auth")); auth && top.ok()) {
        Reader r(*auth, QStringLiteral("auth"), error);
        r.number(QStringLiteral("token_ttl_s"), &c.auth.tokenTtlS, 60, 365.0 * 86400);
        r.number(QStringLiteral("pbkdf2_iterations"), &c.auth.pbkdf2Iterations, 1000, 1e8);
        r.number(QStringLiteral("logins_per_minute_per_user"), &c.auth.loginsPerMinutePerUser, 1, 1e6);
        r.number(QStringLiteral("logins_per_minute_per_ip"), &c.auth.loginsPerMinutePerIp, 1, 1e6);
        r.rejectUnknown();
        if (!r.ok())
            return std::nullopt;
    }

    if (auto hub = top.object(QStringLiteral("hub")); hub && top.ok()) {
        Reader r(*hub, QStringLiteral("hub"), error);
        r.number(QStringLiteral("ping_interval_s"), &c.hub.pingIntervalS, 1, 3600);
        r.number(QStringLiteral("silent_drop_s"), &c.hub.silentDropS, 1, 3600);
        r.number(QStringLiteral("session_check_ms"), &c.hub.sessionCheckMs, 10, 60000);
        r.number(QStringLiteral("hello_timeout_ms"), &c.hub.helloTimeoutMs, 10, 600000);
        r.stringList(QStringLiteral("allowed_origins"), &c.hub.allowedOrigins);
        if (r.ok() && c.hub.silentDropS <= c.hub.pingIntervalS)
            r.fail(QStringLiteral("silent_drop_s"), QStringLiteral("must be longer than ping_interval_s"));
        r.rejectUnknown();
        if (!r.ok())
            return std::nullopt;
    }

    if (auto integrations = top.object(QStringLiteral("integrations")); integrations && top.ok()) {
        Reader in(*integrations, QStringLiteral("integrations"), error);
        if (auto crewai = in.object(QStringLiteral("crewai")); crewai && !crewai->isEmpty() && in.ok()) {
            Reader r(*crewai, QStringLiteral("integrations.crewai"), error);
            QString secret, bearer, crewToken;
            r.string(QStringLiteral("webhook_secret"), &secret);
            r.string(QStringLiteral("webhook_bearer_token"), &bearer);
            r.string(QStringLiteral("source"), &c.crewai.source, true);
            r.string(QStringLiteral("priority"), &c.crewai.priority);
            if (r.ok() && !priorityFromString(c.crewai.priority))
                r.fail(QStringLiteral("priority"), QStringLiteral("must be low, normal, high or critical"));
            r.string(QStringLiteral("crew_base_url"), &c.crewai.crewBaseUrl);
            r.string(QStringLiteral("crew_bearer_token"), &crewToken);
            if (auto hooks = r.object(QStringLiteral("resume_webhooks")))
                c.crewai.resumeWebhooks = *hooks;
            const QUrl base(c.crewai.crewBaseUrl);
            if (r.ok() && !c.crewai.crewBaseUrl.isEmpty()
                && (!base.isValid() || (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https"))))
                r.fail(QStringLiteral("crew_base_url"), QStringLiteral("must be an http(s) URL, e.g. https://my-crew.crewai.com"));
            if (r.ok() && secret.isEmpty() && bearer.isEmpty())
                r.fail(QStringLiteral("webhook_secret"), QStringLiteral("is required (the secret CrewAI AMP shows for the webhook, whsec_...)"));
            c.crewai.webhookSecret = secret.toUtf8();
            c.crewai.webhookBearerToken = bearer.toUtf8();
            c.crewai.crewBearerToken = crewToken.toUtf8();
            r.rejectUnknown();
            if (!r.ok())
                return std::nullopt;
        }
        in.rejectUnknown();
        if (!in.ok())
            return std::nullopt;
    }

    if (top.ok() && !parsePolicies(c, error))
        return std::nullopt;

    const QJsonValue sources = c.raw.value(QLatin1String("sources"));
    if (top.ok() && !sources.isUndefined() && !sources.isArray())
        top.fail(QStringLiteral("sources"), QStringLiteral("must be an array of {\"id\", \"secret\"}"));
    const QJsonArray list = sources.toArray();
    for (qsizetype i = 0; top.ok() && i < list.size(); ++i) {
        const QString path = QStringLiteral("sources[%1]").arg(i);
        if (!list.at(i).isObject()) {
            top.fail(path, QStringLiteral("must be an object with \"id\" and \"secret\""));
            break;
        }
        Reader r(list.at(i).toObject(), path, error);
        SourceConfig s;
        QString secret;
        r.string(QStringLiteral("id"), &s.id, true);
        r.string(QStringLiteral("secret"), &secret, true);
        // The secret may stay out of the config file: in an environment variable or a file of its own.
        QString secretEnv, secretFile;
        r.string(QStringLiteral("secret_env"), &secretEnv, true);
        r.string(QStringLiteral("secret_file"), &secretFile, true);
        if (r.ok() && s.id.isEmpty())
            r.fail(QStringLiteral("id"), QStringLiteral("is required"));
        if (r.ok() && int(!secret.isEmpty()) + int(!secretEnv.isEmpty()) + int(!secretFile.isEmpty()) > 1)
            r.fail(QStringLiteral("secret"), QStringLiteral("give one of secret, secret_env and secret_file"));
        if (r.ok() && !secretEnv.isEmpty()) {
            secret = QString::fromLocal8Bit(qgetenv(secretEnv.toLocal8Bit().constData()));
            if (secret.isEmpty())
                r.fail(QStringLiteral("secret_env"), QStringLiteral("the environment variable %1 is not set or empty").arg(secretEnv));
        }
        if (r.ok() && !secretFile.isEmpty()) {
            QFile f(secretFile);
            if (!f.open(QIODevice::ReadOnly))
                r.fail(QStringLiteral("secret_file"), QStringLiteral("cannot read %1: %2").arg(secretFile, f.errorString()));
            else
                secret = QString::fromUtf8(f.readAll()).trimmed();  // a trailing newline is not part of it
            if (r.ok() && secret.isEmpty())
                r.fail(QStringLiteral("secret_file"), QStringLiteral("%1 is empty").arg(secretFile));
        }
        if (r.ok() && secret.isEmpty())
            r.fail(QStringLiteral("secret"), QStringLiteral("is required (or secret_env, or secret_file)"));
        if (r.ok() && c.source(s.id))
            r.fail(QStringLiteral("id"), QStringLiteral("\"%1\" is used by another source").arg(s.id));
        r.number(QStringLiteral("rate_per_second"), &s.ratePerSecond, 0, 1e7);
        r.number(QStringLiteral("burst"), &s.burst, 1, 1e7);
        r.rejectUnknown();
        if (!r.ok())
            return std::nullopt;
        s.secret = secret.toUtf8();
        c.sources.append(s);
    }
    if (auto tls = top.object(QStringLiteral("tls")); tls && !tls->isEmpty() && top.ok()) {
        Reader r(*tls, QStringLiteral("tls"), error);
        r.string(QStringLiteral("cert"), &c.tls.certFile, true);
        r.string(QStringLiteral("key"), &c.tls.keyFile, true);
        r.string(QStringLiteral("key_passphrase_env"), &c.tls.keyPassphraseEnv, true);
        if (r.ok() && c.tls.certFile.isEmpty())
            r.fail(QStringLiteral("cert"), QStringLiteral("is required: the server certificate's PEM file"));
        if (r.ok() && c.tls.keyFile.isEmpty())
            r.fail(QStringLiteral("key"), QStringLiteral("is required: the private key's PEM file"));
        r.rejectUnknown();
        if (!r.ok())
            return std::nullopt;
    }
    QStringList proxies;
    top.stringList(QStringLiteral("trusted_proxies"), &proxies);
    for (const QString &proxy : std::as_const(proxies)) {
        // A bare address is a subnet of one.
        const QString subnet = proxy.contains(u'/') ? proxy : proxy + (proxy.contains(u':') ? QStringLiteral("/128") : QStringLiteral("/32"));
        const QPair<QHostAddress, int> parsed = QHostAddress::parseSubnet(subnet);
        if (parsed.first.isNull()) {
            top.fail(QStringLiteral("trusted_proxies"),
                     QStringLiteral("\"%1\" is not an address or a subnet (e.g. \"127.0.0.1\", \"10.0.0.0/8\")").arg(proxy));
            break;
        }
        c.trustedProxies.append(parsed);
    }
    // Read by parsePolicies and above: known, so that only a misspelt key is refused.
    top.known({"sources", "routing", "timeouts", "escalation", "notifications", "redaction", "metrics"});
    top.rejectUnknown();
    if (!top.ok())
        return std::nullopt;
    return c;
}

std::optional<Config> loadConfigFile(const QString &path, ConfigError *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = {QString(), QStringLiteral("cannot read config file %1: %2").arg(path, f.errorString())};
        return std::nullopt;
    }
    return parseConfig(f.readAll(), error);
}

} // namespace countersign::server
