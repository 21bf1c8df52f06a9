#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

class QSocketNotifier;
class QTcpServer;

namespace countersign::server {

// Keeps a listener from spinning at the process's descriptor limit.
//
// Qt 6.4's QTcpServer takes accept()'s EMFILE/ENFILE for a temporary error: it emits no acceptError, does
// not pause, and leaves its notifier on a listening socket that stays readable, so the event loop spins at
// 100% CPU while every client waits (seen with a probe program on this machine). This guard watches the same
// listening socket through a duplicate descriptor and accepts too (whichever accept() gets a connection hands
// it on through `accepted`). When accept() fails for lack of descriptors, it closes a descriptor it keeps in
// reserve (/dev/null), accepts each pending connection with the freed slot, answers it 503 and closes it, and
// takes the reserve back; the backlog is empty again and nothing spins. When even the reserve cannot be had,
// both its watch and Qt's accepting pause for a moment. The limit is logged once, and once when over.
class AcceptGuard final : public QObject
{
public:
    // `accepted` takes an accepted descriptor as QTcpServer::incomingConnection() does; `refuse` answers a
    // descriptor accepted only to be shed, and closes it.
    AcceptGuard(QTcpServer *server, std::function<void(qintptr)> accepted, std::function<void(int)> refuse);
    ~AcceptGuard() override;

    // Follows the server's listening socket: starts watching it after listen(), stops after close().
    void follow();

private:
    void onReadable();
    void shed();
    void stopWatching();
    void openReserve();

    QTcpServer *m_server;
    std::function<void(qintptr)> m_accepted;
    std::function<void(int)> m_refuse;
    qintptr m_listening = -1;    // the server's descriptor being followed
    int m_duplicate = -1;        // our duplicate of it, watched by m_notifier
    QSocketNotifier *m_notifier = nullptr;
    int m_reserve = -1;
    QTimer m_pause;
    bool m_atLimit = false;
    qint64 m_shed = 0;
};

} // namespace countersign::server
