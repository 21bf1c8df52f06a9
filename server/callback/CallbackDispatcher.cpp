#include "CallbackDispatcher.h"

#include "approvals/ApprovalService.h"
#include "protocol/Hmac.h"
#include "store/StoreWorker.h"
#include "time/Clock.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

Q_LOGGING_CATEGORY(lcCallback, "countersign.server.callback")

namespace countersign::server {

namespace {
// Also catches deliveries another process (an admin command) queued.
constexpr int SweepIntervalMs = 5000;
}

CallbackDispatcher::CallbackDispatcher(StoreWorker &store, const Config &config, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(config)
    , m_clock(clock)
    , m_network(new QNetworkAccessManager(this))
{
    // A redirect could point a decision anywhere; agents must give the final URL.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CallbackDispatcher::poke);
    connect(&m_clock, &Clock::jumped, this, &CallbackDispatcher::poke);
}

CallbackDispatcher::~CallbackDispatcher() = default;

void CallbackDispatcher::start()
{
    m_running = true;
    poke();
}

void CallbackDispatcher::stop()
{
    m_running = false;
    m_timer.stop();
    // Attempts cut short stay pending in the database and are retried after the restart.
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *r : replies) {
        r->disconnect(this);
        r->abort();
    }
    m_inFlight.clear();
}

void CallbackDispatcher::onCommitted(const QList<ApprovalChange> &changes)
{
    for (const ApprovalChange &c : changes) {
        if (c.deliveryQueued)
            return poke();
    }
}

void CallbackDispatcher::poke()
{
    if (!m_running)
        return;
    if (m_fetching) {
        m_pokedWhileFetching = true;
        return;
    }
    const int room = m_config.callbacks.maxInFlight - int(m_inFlight.size());
    if (room <= 0)
        return;  // a finished attempt pokes again
    m_fetching = true;
    const QStringList busy = m_inFlight.keys();
    QPointer<CallbackDispatcher> self(this);
    m_store.post(
        [self, room, busy](ApprovalService &service) -> std::function<void()> {
            QList<Delivery> due = service.dueDeliveries(room, busy);
            std::optional<qint64> next = service.nextDeliveryDueMs();
            return [self, due, next] {
                if (!self)
                    return;
                self->m_fetching = false;
                if (!self->m_running)
                    return;
                for (const Delivery &d : due)
                    self->send(d);
                self->schedule(next);
                if (std::exchange(self->m_pokedWhileFetching, false))
                    self->poke();
            };
        },
        [self](const QString &error) {
            if (!self)
                return;
            qCWarning(lcCallback) << "cannot read the callback queue:" << error;
            self->m_fetching = false;
            self->schedule(std::nullopt);
        });
}

void CallbackDispatcher::schedule(std::optional<qint64> nextDueMs)
{
    qint64 delay = SweepIntervalMs;
    if (nextDueMs)
        delay = std::clamp<qint64>(*nextDueMs - m_clock.nowMs(), 0, SweepIntervalMs);
    m_timer.start(int(delay));
}

void CallbackDispatcher::send(const Delivery &d)
{
    if (m_inFlight.contains(d.id))
        return;
    m_inFlight.insert(d.id, d);
    const SourceConfig *source = m_config.source(d.source);
    QNetworkRequest request{QUrl(d.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("countersignd/" COUNTERSIGN_VERSION));
    request.setRawHeader(QByteArrayLiteral("X-Countersign-Delivery"), d.id.toLatin1());
    request.setRawHeader(QByteArrayLiteral("X-Webhook-Source"), d.source.toUtf8());
    request.setRawHeader(QByteArrayLiteral("X-Webhook-Timestamp"), QByteArray::number(m_clock.nowMs() / 1000));
    if (!source)
        return record(d, false, QStringLiteral("source %1 is no longer configured: cannot sign").arg(d.source));
    request.setRawHeader(QByteArrayLiteral("X-Webhook-Signature"), hmac::signatureHeader(source->secret, d.body));
    request.setTransferTimeout(m_config.callbacks.timeoutS * 1000);
    QNetworkReply *reply = m_network->post(request, d.body);
    connect(reply, &QNetworkReply::finished, this, [this, d, reply] { finished(d, reply); });
}

void CallbackDispatcher::finished(const Delivery &d, QNetworkReply *reply)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool delivered = status >= 200 && status < 300;
    QString error;
    if (!delivered) {
        error = status > 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        qCInfo(lcCallback).noquote() << "callback" << d.id << "for approval" << d.approvalId << "failed (attempt"
                                      << d.attempts + 1 << "):" << error;
    } else {
        qCInfo(lcCallback).noquote() << "callback" << d.id << "for approval" << d.approvalId << "delivered";
    }
    record(d, delivered, error);
}

void CallbackDispatcher::record(const Delivery &d, bool delivered, const QString &error)
{
    QPointer<CallbackDispatcher> self(this);
    m_store.post(
        [d, delivered, error, self](ApprovalService &service) -> std::function<void()> {
            service.recordDeliveryAttempt(d, delivered, error);
            return [self, id = d.id] {
                if (!self)
                    return;
                self->m_inFlight.remove(id);
                self->poke();
            };
        },
        [self, id = d.id](const QString &) {
            if (self)
                self->m_inFlight.remove(id);  // still pending in the database: retried at the next sweep
        });
}

} // namespace countersign::server
