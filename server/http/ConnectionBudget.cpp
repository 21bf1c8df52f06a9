#include "ConnectionBudget.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <cstring>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace countersign::server {

namespace {

// The memory of released bodies is freed only once their sockets are deleted (deleteLater), so the trim
// waits a moment after the buffered total reaches 0.
constexpr int TrimDelayMs = 1000;

// Under a cap again once this far below it, so that a server held at its cap logs once, not once a close.
int backUnder(int cap)
{
    return cap - std::max(1, cap / 10);
}

QHostAddress peerOf(qintptr descriptor)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(static_cast<int>(descriptor), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    QHostAddress peer(reinterpret_cast<const sockaddr *>(&address));
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);  // one peer whether it came over IPv4 or as ::ffff:a.b.c.d
    if (isV4)
        return QHostAddress(v4);
    // An IPv6 client usually holds a whole /64 and can pick any address in it: the /64 is one peer.
    Q_IPV6ADDR network = peer.toIPv6Address();
    std::fill(std::begin(network.c) + 8, std::end(network.c), quint8(0));
    return QHostAddress(network);
}

} // namespace

int ConnectionBudget::effectiveMaxConnections(int maxConnections)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return maxConnections;
    const qint64 room = static_cast<qint64>(limit.rlim_cur) - DescriptorReserve;
    return static_cast<int>(std::clamp<qint64>(room, 1, maxConnections));
}

std::shared_ptr<ConnectionBudget> ConnectionBudget::create(const Limits &limits)
{
    return std::shared_ptr<ConnectionBudget>(new ConnectionBudget(limits));
}

ConnectionBudget::ConnectionBudget(const Limits &limits)
    : m_limits(limits)
    , m_maxConnections(effectiveMaxConnections(limits.maxConnections))
{
    if (m_maxConnections < limits.maxConnections)
        qCInfo(lcHttp, "at most %d connections (the descriptor limit less %d in reserve; limits.max_connections is %d)",
               m_maxConnections, DescriptorReserve, limits.maxConnections);
}

std::unique_ptr<ConnectionBudget::Ticket> ConnectionBudget::admit(qintptr descriptor)
{
    const QHostAddress peer = peerOf(descriptor);
    if (m_connections >= m_maxConnections && !evictForNewcomer(peer)) {
        if (!m_totalCapLogged)
            qCWarning(lcHttp, "connection limit reached (%d open): new connections are answered 503 until some close",
                      m_connections);
        m_totalCapLogged = true;
        ++m_refusedTotal;
        refuse(static_cast<int>(descriptor));
        return nullptr;
    }
    const int fromPeer = openFrom(peer);
    if (fromPeer >= m_limits.maxConnectionsPerPeer) {
        auto refused = m_peersAtCap.find(peer);
        if (refused == m_peersAtCap.end()) {
            qCWarning(lcHttp).noquote() << "connection limit per address reached for" << peer.toString() << "("
                                        << fromPeer << "open): its new connections are answered 503 until some close";
            refused = m_peersAtCap.insert(peer, 0);
        }
        ++*refused;
        refuse(static_cast<int>(descriptor));
        return nullptr;
    }
    ++m_connections;
    auto ticket = std::unique_ptr<Ticket>(new Ticket(shared_from_this(), peer));
    m_tickets[peer].push_back(ticket.get());
    return ticket;
}

bool ConnectionBudget::evictForNewcomer(const QHostAddress &newcomer)
{
    auto heaviest = m_tickets.end();
    for (auto it = m_tickets.begin(); it != m_tickets.end(); ++it) {
        if (heaviest == m_tickets.end() || it->size() > heaviest->size())
            heaviest = it;
    }
    // Only to even out: never for a peer that already holds about as many as the heaviest one.
    if (heaviest == m_tickets.end() || heaviest->size() < 2 || int(heaviest->size()) <= openFrom(newcomer) + 1)
        return false;
    std::list<Ticket *> &tickets = *heaviest;
    const auto oldest = std::find_if(tickets.begin(), tickets.end(), [](const Ticket *t) { return bool(t->m_evict); });
    if (oldest == tickets.end())
        return false;
    Ticket *ticket = *oldest;
    if (m_evicted++ == 0)
        qCWarning(lcHttp).noquote() << "connection limit reached: closing the oldest connections of the addresses holding"
                                    << "the most (first" << heaviest.key().toString() << "with" << heaviest->size()
                                    << "open) to let other addresses in";
    release(*ticket);  // its place is the newcomer's from now on
    const std::function<void()> evict = std::exchange(ticket->m_evict, {});
    evict();  // closes the socket; the ticket goes with its guard later
    return true;
}

void ConnectionBudget::release(Ticket &ticket)
{
    if (!std::exchange(ticket.m_counted, false))
        return;
    const QHostAddress &peer = ticket.m_peer;
    releaseBytes(peer, std::exchange(ticket.m_held, 0));
    int open = 0;
    if (auto list = m_tickets.find(peer); list != m_tickets.end()) {
        list->remove(&ticket);
        open = int(list->size());
        if (list->empty())
            m_tickets.erase(list);
    }
    --m_connections;
    if (m_totalCapLogged && m_connections <= backUnder(m_maxConnections)) {
        qCInfo(lcHttp, "back under the connection limit (%d open); %lld connections were refused and %lld closed for others meanwhile",
               m_connections, static_cast<long long>(m_refusedTotal), static_cast<long long>(m_evicted));
        m_totalCapLogged = false;
        m_refusedTotal = 0;
        m_evicted = 0;
    }
    if (auto refused = m_peersAtCap.find(peer); refused != m_peersAtCap.end() && open <= backUnder(m_limits.maxConnectionsPerPeer)) {
        qCInfo(lcHttp).noquote() << "back under the connection limit per address for" << peer.toString() << "("
                                 << open << "open);" << *refused << "connections were refused meanwhile";
        m_peersAtCap.erase(refused);
    }
}

bool ConnectionBudget::hold(const QHostAddress &peer, qint64 bytes)
{
    const qint64 peerShare = std::max(m_limits.maxBodyBytes, m_limits.maxBufferedBytes / PeerShareOfBuffer);
    qint64 &fromPeer = m_bufferedPerPeer[peer];
    if (m_buffered + bytes > m_limits.maxBufferedBytes) {
        if (fromPeer == 0)
            m_bufferedPerPeer.remove(peer);
        if (!m_bytesCapLogged)
            qCWarning(lcHttp, "request bodies in memory reached the limit (%lld of %lld bytes): new ones are answered 503",
                      static_cast<long long>(m_buffered), static_cast<long long>(m_limits.maxBufferedBytes));
        m_bytesCapLogged = true;
        ++m_refusedBytes;
        return false;
    }
    if (fromPeer + bytes > peerShare) {
        // One address over its share is not the server at its limit: logged as a refused request.
        if (logRefusal())
            qCInfo(lcHttp).noquote() << "refused a body of" << bytes << "bytes from" << peer.toString() << "- it holds"
                                     << fromPeer << "bytes of bodies already, its share is" << peerShare;
        if (fromPeer == 0)
            m_bufferedPerPeer.remove(peer);
        return false;
    }
    m_buffered += bytes;
    fromPeer += bytes;
    m_peakSinceTrim = std::max(m_peakSinceTrim, m_buffered);
    return true;
}

void ConnectionBudget::releaseBytes(const QHostAddress &peer, qint64 bytes)
{
    if (bytes <= 0)
        return;
    m_buffered -= bytes;
    if (auto fromPeer = m_bufferedPerPeer.find(peer); fromPeer != m_bufferedPerPeer.end() && (*fromPeer -= bytes) <= 0)
        m_bufferedPerPeer.erase(fromPeer);
    if (m_bytesCapLogged && m_buffered <= m_limits.maxBufferedBytes - m_limits.maxBufferedBytes / 10) {
        qCInfo(lcHttp, "request bodies in memory back under the limit (%lld bytes); %lld requests were refused meanwhile",
               static_cast<long long>(m_buffered), static_cast<long long>(m_refusedBytes));
        m_bytesCapLogged = false;
        m_refusedBytes = 0;
    }
    if (m_buffered == 0 && m_peakSinceTrim >= TrimAfterBytes)
        scheduleTrim();
}

void ConnectionBudget::scheduleTrim()
{
    if (m_trimScheduled)
        return;
    m_trimScheduled = true;
    QTimer::singleShot(TrimDelayMs, [weak = weak_from_this()] {
        const auto budget = weak.lock();
        if (!budget)
            return;
        budget->m_trimScheduled = false;
        if (budget->m_buffered > 0)  // a new burst began; trim after that one
            return;
        budget->m_peakSinceTrim = 0;
        ::malloc_trim(0);
    });
}

bool ConnectionBudget::logRefusal()
{
    if (!m_refusalMinute.isValid() || m_refusalMinute.elapsed() >= 60'000) {
        m_refusalMinute.start();  // what went unlogged in the last minute is summed up by its timer
        m_refusalLines = 0;
    }
    if (m_refusalLines < RefusalLinesPerMinute) {
        ++m_refusalLines;
        return true;
    }
    if (m_refusalsUnlogged++ == 0) {
        // Summed up when the minute is over, also when no refusal comes after it.
        QTimer::singleShot(std::max<qint64>(0, 60'000 - m_refusalMinute.elapsed()), [weak = weak_from_this()] {
            if (const auto budget = weak.lock(); budget && budget->m_refusalsUnlogged > 0) {
                qCInfo(lcHttp, "%lld more requests were refused in the last minute (not logged one by one)",
                       static_cast<long long>(budget->m_refusalsUnlogged));
                budget->m_refusalsUnlogged = 0;
            }
        });
    }
    return false;
}

void ConnectionBudget::refuse(int descriptor) const
{
    if (m_plainAnswers)
        return refuseDescriptor(descriptor);
    ::close(descriptor);
}

void ConnectionBudget::refuseDescriptor(int descriptor)
{
    static constexpr char Body[] = R"({"error":{"code":"server_busy","message":"too many connections; retry in a moment"}})";
    static constexpr char Head[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                                   "Connection: close\r\nContent-Length: 84\r\n\r\n";
    static_assert(sizeof Body - 1 == 84);
    char busy[sizeof Head + sizeof Body];
    std::memcpy(busy, Head, sizeof Head - 1);
    std::memcpy(busy + sizeof Head - 1, Body, sizeof Body);
    const size_t length = sizeof Head - 1 + sizeof Body - 1;
    (void)::send(descriptor, busy, length, MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(descriptor, SHUT_WR);
    char scratch[4096];
    for (int i = 0; i < 16 && ::recv(descriptor, scratch, sizeof scratch, MSG_DONTWAIT) > 0; ++i) {
    }
    ::close(descriptor);
}

ConnectionBudget::Ticket::Ticket(std::shared_ptr<ConnectionBudget> budget, QHostAddress peer)
    : m_budget(std::move(budget))
    , m_peer(std::move(peer))
{
}

ConnectionBudget::Ticket::~Ticket()
{
    m_budget->release(*this);
}

bool ConnectionBudget::Ticket::holdBody(qint64 bytes)
{
    if (bytes <= 0)
        return true;
    if (!m_counted || !m_budget->hold(m_peer, bytes))  // an evicted connection takes nothing more
        return false;
    m_held += bytes;
    return true;
}

void ConnectionBudget::Ticket::releaseBody()
{
    if (m_counted)
        m_budget->releaseBytes(m_peer, m_held);
    m_held = 0;
}

} // namespace countersign::server
