#pragma once

#include <QObject>

class QSocketNotifier;

namespace countersign::server {

// Turns SIGTERM and SIGINT into a Qt signal on the main thread (self-pipe), for a graceful shutdown, and SIGHUP
// into a request to reload what can be reloaded (the TLS certificate).
class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signal);
    void reloadRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace countersign::server
