#include "RateLimiter.h"

#include "time/Clock.h"

#include <cmath>

namespace countersign::server {

RateLimiter::RateLimiter(const Clock &clock)
    : m_clock(clock)
{
}

std::optional<int> RateLimiter::take(const QString &key, double rate, int burst)
{
    if (rate <= 0)
        return std::nullopt;
    const qint64 now = m_clock.nowMs();
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{double(burst), now});
    Bucket &b = *it;
    b.tokens = std::min<double>(burst, b.tokens + double(std::max<qint64>(0, now - b.lastMs)) * rate / 1000.0);
    b.lastMs = now;
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return std::nullopt;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate)));
}

} // namespace countersign::server
