#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace countersign {
class Clock;
}

namespace countersign::server {

// A token bucket per key (source id): `rate` tokens a second, at most `burst` saved up.
class RateLimiter final
{
public:
    explicit RateLimiter(const Clock &clock);

    // Takes one token. Returns nothing when allowed, else the seconds to wait (for Retry-After).
    std::optional<int> take(const QString &key, double rate, int burst);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 lastMs = 0;
    };
    const Clock &m_clock;
    QHash<QString, Bucket> m_buckets;
};

} // namespace countersign::server
