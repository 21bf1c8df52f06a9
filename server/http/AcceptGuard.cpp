#include "AcceptGuard.h"

#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTcpServer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace countersign::server {

namespace {

// How long both watches pause when not even the reserve descriptor can be had.
constexpr int PauseMs = 100;
// Connections taken in one wake-up; the rest wait for the next one, so that other events are served.
constexpr int AcceptsPerWakeUp = 64;
constexpr int ShedsPerWakeUp = 1024;

// Two descriptors name the same socket (a listening socket's number may be reused after close()).
bool sameSocket(qintptr a, int b)
{
    struct stat sa{};
    struct stat sb{};
    return a >= 0 && b >= 0 && ::fstat(static_cast<int>(a), &sa) == 0 && ::fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev
        && sa.st_ino == sb.st_ino;
}

bool outOfDescriptors(int error)
{
    return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
}

} // namespace

AcceptGuard::AcceptGuard(QTcpServer *server, std::function<void(qintptr)> accepted, std::function<void(int)> refuse)
    : m_server(server)
    , m_accepted(std::move(accepted))
    , m_refuse(std::move(refuse))
{
    m_pause.setSingleShot(true);
    connect(&m_pause, &QTimer::timeout, this, [this] {
        if (!m_notifier)
            return;
        m_notifier->setEnabled(true);
        m_server->resumeAccepting();
    });
    openReserve();
}

AcceptGuard::~AcceptGuard()
{
    stopWatching();
    if (m_reserve >= 0)
        ::close(m_reserve);
}

void AcceptGuard::follow()
{
    const qintptr listening = m_server->isListening() ? m_server->socketDescriptor() : -1;
    if (listening == m_listening && (listening < 0 || sameSocket(listening, m_duplicate)))
        return;
    stopWatching();
    if (listening < 0)
        return;
    m_duplicate = ::fcntl(static_cast<int>(listening), F_DUPFD_CLOEXEC, 0);
    if (m_duplicate < 0) {
        qCWarning(lcHttp, "cannot watch the listening socket for the descriptor limit: %s", strerror(errno));
        return;
    }
    m_listening = listening;
    m_notifier = new QSocketNotifier(m_duplicate, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &AcceptGuard::onReadable);
    if (m_reserve < 0)
        openReserve();
}

void AcceptGuard::stopWatching()
{
    m_pause.stop();
    delete m_notifier;
    m_notifier = nullptr;
    if (m_duplicate >= 0)
        ::close(m_duplicate);  // else the duplicate would keep a closed server's port bound
    m_duplicate = -1;
    m_listening = -1;
}

void AcceptGuard::openReserve()
{
    m_reserve = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

void AcceptGuard::onReadable()
{
    // The server closed (and maybe listens again on a new socket) since we last looked.
    if (!m_server->isListening() || !sameSocket(m_server->socketDescriptor(), m_duplicate))
        return follow();
    for (int i = 0; i < AcceptsPerWakeUp; ++i) {
        const int descriptor = ::accept4(m_duplicate, nullptr, nullptr, SOCK_CLOEXEC);
        if (descriptor >= 0) {
            if (m_atLimit) {
                qCInfo(lcHttp, "descriptors are available again; %lld connections were shed at the limit",
                       static_cast<long long>(m_shed));
                m_atLimit = false;
                m_shed = 0;
            }
            m_accepted(descriptor);
            if (!m_notifier)  // the server closed while handling it
                return;
            continue;
        }
        if (errno == EINTR || errno == ECONNABORTED)
            continue;
        if (outOfDescriptors(errno))
            return shed();
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            qCWarning(lcHttp, "accept() on the listening socket failed: %s", strerror(errno));
            stopWatching();
        }
        return;
    }
}

void AcceptGuard::shed()
{
    if (!m_atLimit)
        qCWarning(lcHttp, "out of file descriptors: pending connections are answered 503 and closed "
                          "(raise the descriptor limit or lower limits.max_connections)");
    m_atLimit = true;
    if (m_reserve < 0)
        openReserve();
    if (m_reserve >= 0) {
        ::close(m_reserve);  // the slot it frees takes each pending connection in turn
        m_reserve = -1;
        for (int i = 0; i < ShedsPerWakeUp; ++i) {
            const int descriptor = ::accept4(m_duplicate, nullptr, nullptr, SOCK_CLOEXEC);
            if (descriptor < 0) {
                if (errno == EINTR || errno == ECONNABORTED)
                    continue;
                break;
            }
            m_refuse(descriptor);
            ++m_shed;
        }
        openReserve();
        if (m_reserve >= 0)
            return;
    }
    // Not even one descriptor to spare (another thread took it): rather than spin, stop looking for a moment.
    m_notifier->setEnabled(false);
    m_server->pauseAccepting();
    m_pause.start(PauseMs);
}

} // namespace countersign::server
