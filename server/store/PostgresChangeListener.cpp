#include "PostgresChangeListener.h"

#include "PostgresConnection.h"
#include "PostgresStore.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

Q_LOGGING_CATEGORY(lcListen, "countersign.server.store.listen")

namespace countersign::server {

namespace {

constexpr int CheckIntervalMs = 1000;  // how soon a lost connection is noticed and opened again

// Lives on the listener's thread: owns the connection, its notifications and the reconnection timer.
class Subscriber final : public QObject
{
    Q_OBJECT
public:
    Subscriber(QString url, PostgresChangeListener *listener)
        : m_url(std::move(url))
        , m_listener(listener)
        , m_name(QStringLiteral("countersign-listen-%1").arg(reinterpret_cast<quintptr>(this)))
    {
    }

    ~Subscriber() override
    {
        if (m_db.isValid()) {
            m_db.close();
            m_db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_name);
        }
    }

    void begin()
    {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &Subscriber::check);
        m_timer->start(CheckIntervalMs);
        subscribe();
    }

private:
    void subscribe()
    {
        if (!m_db.isValid()) {
            m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
            const QString refused = postgres::configure(m_db, m_url);
            if (!refused.isEmpty()) {
                qCWarning(lcListen).noquote() << refused;
                return;
            }
            connect(m_db.driver(), &QSqlDriver::notification, this,
                    [this](const QString &, QSqlDriver::NotificationSource, const QVariant &payload) {
                        Q_EMIT m_listener->changed(payload.toString().toLongLong());
                    });
        }
        if (!m_db.open() || !m_db.driver()->subscribeToNotification(QLatin1String(PostgresStore::ChangeChannel))) {
            if (std::exchange(m_reported, true) == false)
                qCWarning(lcListen).noquote() << "cannot listen for other nodes' changes (retrying every second):"
                                              << m_db.lastError().text();
            m_db.close();
            return;
        }
        if (std::exchange(m_reported, false))
            qCInfo(lcListen) << "listening for other nodes' changes again";
        m_subscribed = true;
        Q_EMIT m_listener->listening();
        Q_EMIT m_listener->changed(-1);  // what was committed while nobody listened
    }

    void check()
    {
        if (m_subscribed) {
            QSqlQuery q(m_db);
            if (q.exec(QStringLiteral("SELECT 1")))
                return;
            m_subscribed = false;
            m_db.driver()->unsubscribeFromNotification(QLatin1String(PostgresStore::ChangeChannel));
            m_db.close();
        }
        subscribe();
    }

    QString m_url;
    PostgresChangeListener *m_listener;
    QString m_name;
    QSqlDatabase m_db;
    QTimer *m_timer = nullptr;
    bool m_subscribed = false;
    bool m_reported = false;
};

} // namespace

PostgresChangeListener::PostgresChangeListener(QString url, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
{
    m_thread.setObjectName(QStringLiteral("pg-listen"));
}

PostgresChangeListener::~PostgresChangeListener()
{
    stop();
}

void PostgresChangeListener::start()
{
    auto *subscriber = new Subscriber(m_url, this);
    subscriber->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, subscriber, &Subscriber::begin);
    connect(&m_thread, &QThread::finished, subscriber, &QObject::deleteLater);
    m_thread.start();
}

void PostgresChangeListener::stop()
{
    m_thread.quit();
    m_thread.wait();
}

} // namespace countersign::server

#include "PostgresChangeListener.moc"
