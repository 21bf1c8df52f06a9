#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>

#include <functional>
#include <list>
#include <memory>

namespace countersign::server {

// What all connections of one listener share: how many are open (in total and per peer address) and how
// many request-body bytes QtHttpServer is buffering for them (it keeps each body in memory until the handler
// runs). A connection over a cap is answered 503 `server_busy` and closed at accept; a request whose declared
// body would push the buffered total over its bound is answered 503 before its body is read.
//
// Crossing a cap is logged once (a warning), and getting back well under it once (an info line), not once a
// connection. Each admitted connection holds a Ticket; destroying it gives back its place and its bytes.
class ConnectionBudget final : public std::enable_shared_from_this<ConnectionBudget>
{
public:
    struct Limits
    {
        int maxConnections = 4096;        // before the descriptor limit is applied (see effectiveMaxConnections)
        int maxConnectionsPerPeer = 256;
        qint64 maxBufferedBytes = 64 * 1024 * 1024;
        qint64 maxBodyBytes = 1024 * 1024;  // one request's body: a peer may always hold one
    };
    // One peer address may hold at most this share of the buffered bytes (but always one whole body), so that
    // one hostile client holding bodies open cannot take the bound from everybody else.
    static constexpr int PeerShareOfBuffer = 4;  // a quarter
    // Descriptors kept free below the soft RLIMIT_NOFILE for the database, log files and outgoing
    // callbacks/SMTP, so that connections alone cannot exhaust them.
    static constexpr int DescriptorReserve = 64;
    // After a burst that buffered at least this much, the memory is handed back to the system (malloc_trim)
    // once nothing is buffered any more: glibc keeps freed heap otherwise, and RSS stays at its peak.
    static constexpr qint64 TrimAfterBytes = 8 * 1024 * 1024;

    // The connection cap in force: `maxConnections`, but never more than the soft descriptor limit less
    // the reserve (read once, when the budget is made).
    static int effectiveMaxConnections(int maxConnections);

    static std::shared_ptr<ConnectionBudget> create(const Limits &limits);

    class Ticket
    {
    public:
        ~Ticket();
        Ticket(const Ticket &) = delete;
        Ticket &operator=(const Ticket &) = delete;

        QHostAddress peer() const { return m_peer; }
        // Holds `bytes` more of request body; false (holding nothing more) when that would go over the bound.
        bool holdBody(qint64 bytes);
        // The request ended: its body is no longer buffered.
        void releaseBody();
        // How to close this connection when a newcomer needs its place (see admit()); without it the
        // connection is never chosen.
        void setEvict(std::function<void()> evict) { m_evict = std::move(evict); }
        // Whether to log one refused request (see ConnectionBudget::logRefusal).
        bool logRefusal() { return m_budget->logRefusal(); }

    private:
        friend class ConnectionBudget;
        Ticket(std::shared_ptr<ConnectionBudget> budget, QHostAddress peer);
        std::shared_ptr<ConnectionBudget> m_budget;
        QHostAddress m_peer;
        qint64 m_held = 0;
        std::function<void()> m_evict;
        bool m_counted = true;  // false once evicted: its place was already given to a newcomer
    };

    // A connection was accepted on `descriptor`. Returns its ticket, or, over a cap, answers 503 on the
    // descriptor itself, closes it and returns null. At the total cap a newcomer from a peer with fewer
    // connections than the peer holding the most takes the place of that peer's oldest connection, so that
    // clients holding many connections open cannot lock everybody else out.
    std::unique_ptr<Ticket> admit(qintptr descriptor);

    int connections() const { return m_connections; }
    int maxConnections() const { return m_maxConnections; }
    qint64 bufferedBytes() const { return m_buffered; }

    // Writes a 503 `server_busy` to a raw descriptor, reads what the client already sent (so that closing
    // does not reset the connection and lose the answer) and closes it. Needs no Qt socket and no memory.
    static void refuseDescriptor(int descriptor);
    // Refuses a connection over a cap: the 503 above on a plain listener; on a TLS listener, where a plain
    // answer would only read as a handshake failure, a close.
    void refuse(int descriptor) const;
    void setPlainAnswers(bool plain) { m_plainAnswers = plain; }
    // Refused requests (408, 413, 400...) are logged one line each up to RefusalLinesPerMinute a minute, then
    // counted and summed up in one line: an attack must not fill the operator's disk with log lines.
    static constexpr int RefusalLinesPerMinute = 20;
    bool logRefusal();

private:
    explicit ConnectionBudget(const Limits &limits);
    void release(Ticket &ticket);
    bool evictForNewcomer(const QHostAddress &newcomer);
    bool hold(const QHostAddress &peer, qint64 bytes);
    void releaseBytes(const QHostAddress &peer, qint64 bytes);
    void scheduleTrim();

    bool m_plainAnswers = true;
    QElapsedTimer m_refusalMinute;
    int m_refusalLines = 0;
    qint64 m_refusalsUnlogged = 0;

    Limits m_limits;
    int m_maxConnections;
    int m_connections = 0;
    QHash<QHostAddress, std::list<Ticket *>> m_tickets;  // the open connections per peer, oldest first
    int openFrom(const QHostAddress &peer) const { return int(m_tickets.value(peer).size()); }
    qint64 m_buffered = 0;
    QHash<QHostAddress, qint64> m_bufferedPerPeer;
    qint64 m_evicted = 0;
    qint64 m_peakSinceTrim = 0;
    bool m_trimScheduled = false;
    // For logging each cap once: set while over it, with what was refused meanwhile.
    bool m_totalCapLogged = false;
    qint64 m_refusedTotal = 0;
    QHash<QHostAddress, qint64> m_peersAtCap;  // peer -> refused while at its cap
    bool m_bytesCapLogged = false;
    qint64 m_refusedBytes = 0;
};

} // namespace countersign::server
