#pragma once

#include <QHash>
#include <QHostAddress>
#include <QJsonValue>
#include <QRegularExpression>
#include <QSet>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace countersign::server {

struct SourceConfig
{
    QString id;
    QByteArray secret;  // never logged
    double ratePerSecond = 0;  // 0: the server-wide default
    int burst = 0;
};

struct Config
{
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = 8765;
    QString dataDir;
    struct Database
    {
        QString driver = QStringLiteral("sqlite");
        QString url;
        QString synchronous = QStringLiteral("full");  // sqlite: full = durable across power loss
    } database;
    QList<SourceConfig> sources;
    struct Limits
    {
        qint64 maxBodyBytes = 1024 * 1024;
        double ratePerSecond = 1000;  // per source, token bucket; 0 turns the limit off
        int burst = 2000;
        int maxLongPollS = 120;
        int headerTimeoutS = 30;  // headers must arrive within this (slow clients are dropped)
        int idleTimeoutS = 60;    // a keep-alive connection with no request outstanding is closed after this
        int bodyTimeoutS = 30;    // a declared body must arrive within this after its headers (slow bodies)
        qint64 maxBufferedBytes = 64 * 1024 * 1024;  // request bodies in memory, all connections together (503 beyond)
        int maxConnections = 4096;       // open connections in total, never more than the descriptor limit less 64
        int maxConnectionsPerPeer = 256;  // open connections from one address
    } limits;
    struct Callbacks
    {
        int timeoutS = 10;
        int initialBackoffS = 2;
        int maxBackoffS = 3600;
        qint64 giveUpAfterS = 3 * 24 * 3600;  // protocol: at least 24 h
        int maxInFlight = 16;
    } callbacks;
    struct Auth
    {
        qint64 tokenTtlS = 30 * 24 * 3600;
        int pbkdf2Iterations = 310000;  // OWASP 2023 guidance for PBKDF2-SHA256
        double loginsPerMinutePerUser = 10;
        double loginsPerMinutePerIp = 60;
    } auth;
    struct Hub
    {
        int pingIntervalS = 20;
        int silentDropS = 60;  // protocol: a peer silent for 60 s is dropped
        // Every open session's token and user are checked against the store this often (one batched read for
        // all sessions), so a logout, an expired token, a disabled user or new roles end the session.
        int sessionCheckMs = 1000;
        int helloTimeoutMs = 10000;  // a connection without a valid hello by then is closed (4001)
        // Browser origins allowed to open the WebSocket; a connection without Origin (native clients) always may.
        QStringList allowedOrigins;
    } hub;
    // CrewAI AMP's human-in-the-loop webhooks (POST /api/v1/integrations/crewai, docs/integrations.md).
    struct CrewAi
    {
        QByteArray webhookSecret;       // X-CrewAI-Signature; empty: the endpoint is off (404)
        QByteArray webhookBearerToken;  // the crew-level humanInputWebhook's "authentication" token, if used
        QString source = QStringLiteral("crewai");  // the approvals' source id
        QString priority = QStringLiteral("normal");
        QString crewBaseUrl;            // the crew's deployment, for POST {crewBaseUrl}/resume
        QByteArray crewBearerToken;     // its bearer token (never logged)
        QJsonObject resumeWebhooks;     // taskWebhookUrl, stepWebhookUrl, crewWebhookUrl to repeat in /resume
        bool enabled() const { return !webhookSecret.isEmpty() || !webhookBearerToken.isEmpty(); }
    } crewai;
    struct RoutingRule
    {
        QString name;
        QJsonValue condition;  // JSON Logic over the approval, checked when the config is read
        QString route;
    };
    struct Routing
    {
        QString defaultRoute = QStringLiteral("Manager");
        QList<RoutingRule> rules;  // first match wins
    } routing;
    // How long an approval may wait for a decision. The approval's own timeout_s wins, then the default of
    // its priority, then of its route, then `defaultS`; without any, it waits until decided.
    struct Timeouts
    {
        std::optional<qint64> defaultS;
        QHash<QString, qint64> perPriority;
        QHash<QString, qint64> perRoute;
        double reminderFraction = 0.5;  // SLA reminder at this fraction of the timeout; 0 = no reminders
    } timeouts;
    // What an overdue approval of an escalating priority does: move one step up `chain`, then to the named
    // fallback approvers, then expire. Other priorities expire at once.
    struct Escalation
    {
        QStringList chain;
        QStringList fallbackApprovers;
        QStringList priorities = {QStringLiteral("high"), QStringLiteral("critical")};
    } escalation;
    struct Notifications
    {
        QHash<QString, QStringList> channels;  // priority -> "desktop", "email", "slack"
        struct Email
        {
            QString host;  // empty: email is off
            int port = 587;
            QString user;
            QString password;  // never logged
            QString from;
            QString tls = QStringLiteral("auto");  // auto (STARTTLS when offered) | starttls | smtps | off
            int timeoutS = 30;
            QHash<QString, QStringList> routeRecipients;  // extra addresses per route
        } email;
        struct Slack
        {
            QHash<QString, QString> webhooks;  // route -> incoming-webhook URL
            QString defaultWebhook;
        } slack;
        int maxAttempts = 6;
        int initialBackoffS = 30;
        QString linkBase = QStringLiteral("countersign://approval/");
    } notifications;
    struct Redaction
    {
        QStringList keys;  // compared ignoring case, '_' and '-'
        QList<QRegularExpression> patterns;
        QString mask = QStringLiteral("[REDACTED]");
        // Derived at load, so that redaction (on every approval an approver sees) scans each text once:
        QSet<QString> normalizedKeys;  // keys lower-cased without '_', '-' and ' '
        QRegularExpression anyPattern;  // the patterns as one alternation; invalid when they cannot be joined
        static QString normalizedKey(const QString &key);
        void derive();
    } redaction;
    struct Metrics
    {
        QString bearerToken;  // when set, GET /metrics needs "Authorization: Bearer <token>"
    } metrics;
    // HTTPS and WSS on the listening port instead of plain HTTP; off while `certFile` is empty. The files are
    // read at start (a bad pair refuses to start) and again on SIGHUP (a bad pair is logged, the old one kept).
    struct Tls
    {
        QString certFile;          // PEM: the server certificate, then any intermediates
        QString keyFile;           // PEM: its private key
        QString keyPassphraseEnv;  // the environment variable holding the key's passphrase, if it is encrypted
        bool enabled() const { return !certFile.isEmpty(); }
    } tls;
    // Reverse proxies (addresses or CIDR subnets) whose X-Forwarded-For names the client (http/ClientAddress.h).
    QList<QPair<QHostAddress, int>> trustedProxies;
    QString logFormat = QStringLiteral("text");
    QJsonObject raw;  // the whole file, for sections read by later parts (escalation, redaction, ...)

    const SourceConfig *source(const QString &id) const;
};

// A configuration problem, named by the key at fault ("sources[0].secret").
struct ConfigError
{
    QString key;
    QString message;
    QString toString() const;
};

// Parses a config document. Missing keys take their defaults; a present key of the wrong type or value is
// an error naming that key.
std::optional<Config> parseConfig(const QByteArray &json, ConfigError *error);
std::optional<Config> loadConfigFile(const QString &path, ConfigError *error);

// "HOST:PORT", "[v6]:PORT" or ":PORT"; false when it is not one of those.
bool parseListen(const QString &text, QString *host, quint16 *port);

} // namespace countersign::server
