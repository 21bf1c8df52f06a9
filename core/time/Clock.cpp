#include "Clock.h"

namespace countersign {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

ManualClock::ManualClock(const QDateTime &start, QObject *parent)
    : Clock(parent)
    , m_msSinceEpoch(start.toMSecsSinceEpoch())
{
}

QDateTime ManualClock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(m_msSinceEpoch.load(), Qt::UTC);
}

void ManualClock::advance(qint64 ms)
{
    m_msSinceEpoch += ms;
    Q_EMIT jumped();
}

void ManualClock::set(const QDateTime &to)
{
    m_msSinceEpoch = to.toMSecsSinceEpoch();
    Q_EMIT jumped();
}

} // namespace countersign
