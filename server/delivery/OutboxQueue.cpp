#include "OutboxQueue.h"

#include "intake/CrewAiWebhook.h"

#include "domain/Ids.h"
#include "protocol/ApprovalJson.h"
#include "time/Clock.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>

#include <cmath>

Q_LOGGING_CATEGORY(lcPolicy, "countersign.server.policy")
Q_DECLARE_LOGGING_CATEGORY(lcOutbox)

namespace countersign::server {

namespace {

// Exponential backoff, capped, with +-25% jitter so that messages failing together do not retry together.
qint64 backoffMs(int attempts, double initialS, double maxS)
{
    const double base = std::min(maxS, initialS * std::pow(2.0, std::min(attempts - 1, 30)));
    const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
    return static_cast<qint64>(base * jitter * 1000);
}

} // namespace

void OutboxQueue::queueCallback(const Approval &a)
{
    Delivery d;
    d.id = newTimeOrderedId(m_tx.clock.nowMs());
    d.approvalId = a.id;
    d.source = a.source;
    d.url = a.callbackUrl;
    if (a.integration.isEmpty()) {
        d.body = QJsonDocument(json::outcomeJson(a)).toJson(QJsonDocument::Compact);
    } else {
        // Made from a CrewAI webhook: the answer CrewAI expects, where it expects it.
        const crewai::Reply reply = crewai::replyFor(a, m_tx.config.crewai);
        d.kind = QString::fromLatin1(Delivery::CrewAi);
        d.url = reply.url;
        QJsonObject body = reply.body;
        body.insert(QStringLiteral("version"), a.version);
        d.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    }
    d.createdAtMs = m_tx.clock.nowMs();
    d.nextAttemptAtMs = d.createdAtMs;
    m_tx.store.insertDelivery(d);
}

bool OutboxQueue::queueNotifications(const Approval &a, NotifyReason reason)
{
    QStringList skipped;
    const QList<Delivery> messages = planNotifications(m_tx.config.notifications, a, reason, m_tx.store.users(), m_tx.redactor,
                                                       m_tx.clock.nowMs(), &skipped);
    for (const Delivery &d : messages)
        m_tx.store.insertDelivery(d);
    for (const QString &why : std::as_const(skipped)) {
        qCWarning(lcPolicy).noquote() << "approval" << a.id << "notification not sent:" << why;
        Event e = m_tx.event(a, QStringLiteral("notification_skipped"), {QStringLiteral("countersign"), {}, {}},
                             {{QStringLiteral("reason"), why}});
        m_tx.store.appendEvent(e);
    }
    return !messages.isEmpty();
}

QList<Delivery> OutboxQueue::claimDueDeliveries(const QStringList &kinds, int limit, const QStringList &inFlight, qint64 leaseMs)
{
    const qint64 now = m_tx.clock.nowMs();
    QList<Delivery> due = m_tx.store.dueDeliveries(now, kinds, limit, inFlight);
    for (Delivery &d : due) {
        d.nextAttemptAtMs = now + leaseMs;
        m_tx.store.updateDelivery(d);
    }
    return due;
}

void OutboxQueue::releaseClaim(Delivery claimed)
{
    const qint64 now = m_tx.clock.nowMs();
    if (now >= claimed.nextAttemptAtMs)
        return;
    claimed.nextAttemptAtMs = now;
    m_tx.store.updateDelivery(claimed);
}

std::optional<qint64> OutboxQueue::nextDeliveryDueMs(const QStringList &kinds)
{
    return m_tx.store.nextDeliveryDueMs(kinds);
}

bool OutboxQueue::recordDeliveryAttempt(Delivery d, bool delivered, const QString &error)
{
    const qint64 now = m_tx.clock.nowMs();
    if (!delivered && now >= d.nextAttemptAtMs) {
        qCInfo(lcOutbox).noquote() << d.kind << d.id << "failed after its lease ran out: not recorded, tried again";
        return false;
    }
    const qint64 claimedUntil = d.nextAttemptAtMs;
    // A CrewAI answer is the agent's callback in CrewAI's words: the same retry policy and audit.
    const bool callback = d.kind == QLatin1String(Delivery::Callback) || d.kind == QLatin1String(Delivery::CrewAi);
    d.attempts += 1;
    // Qt's error texts may quote the URL (credentials, query tokens): keep it masked in the store as well.
    const QString shownError = callback ? m_tx.redactor.redactUrlIn(error, d.url) : error;
    const bool giveUp = callback ? now - d.createdAtMs >= m_tx.config.callbacks.giveUpAfterS * 1000
                                 : d.attempts >= m_tx.config.notifications.maxAttempts;
    QString outcome;
    if (delivered) {
        d.state = Delivery::State::Delivered;
        d.lastError.clear();
        outcome = QStringLiteral("delivered");
    } else if (giveUp) {
        d.state = Delivery::State::Abandoned;
        d.lastError = shownError;
        outcome = QStringLiteral("abandoned");
    } else {
        d.nextAttemptAtMs = now + (callback ? backoffMs(d.attempts, m_tx.config.callbacks.initialBackoffS, m_tx.config.callbacks.maxBackoffS)
                                            : backoffMs(d.attempts, m_tx.config.notifications.initialBackoffS, 3600));
        d.lastError = shownError;
        outcome = QStringLiteral("failed");
    }
    // A success counts while the message is pending, whoever holds it now (the other node's later failure then
    // changes nothing); a failure only while this attempt's claim still stands.
    if (!m_tx.store.updateDeliveryIfStillOurs(d, delivered ? std::nullopt : std::optional<qint64>(claimedUntil))) {
        qCInfo(lcOutbox).noquote() << d.kind << d.id << "was delivered or taken over meanwhile: this attempt's"
                                   << outcome << "is not recorded";
        return false;
    }

    Approval ref;
    ref.id = d.approvalId;
    QJsonObject details{{QStringLiteral("delivery_id"), d.id}, {QStringLiteral("attempt"), d.attempts}};
    QString action;
    if (callback) {
        ref.version = QJsonDocument::fromJson(d.body).object().value(QLatin1String("version")).toInt();
        // The URL may carry credentials (user:password@, ?token=): approvers and auditors see it masked.
        details.insert(QStringLiteral("url"), m_tx.redactor.redactUrl(d.url));
        action = QStringLiteral("callback_") + outcome;
    } else {
        // A Slack webhook URL is a credential: the audit names the channel, not the URL.
        details.insert(QStringLiteral("channel"), d.kind);
        if (d.kind == QLatin1String(Delivery::Email))
            details.insert(QStringLiteral("to"), QJsonDocument::fromJson(d.body).object().value(QLatin1String("to")));
        action = delivered ? QStringLiteral("notified") : QStringLiteral("notification_") + outcome;
    }
    if (!delivered)
        details.insert(QStringLiteral("error"), shownError);
    if (d.state == Delivery::State::Pending)
        details.insert(QStringLiteral("next_attempt_at"), json::time(QDateTime::fromMSecsSinceEpoch(d.nextAttemptAtMs, Qt::UTC)));
    Event e = m_tx.event(ref, action, {QStringLiteral("countersign"), {}, {}}, details);
    m_tx.store.appendEvent(e);
    return true;
}

} // namespace countersign::server
