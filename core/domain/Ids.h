#pragma once

#include <QString>

namespace countersign {

// A new id in the UUID version 7 layout (RFC 9562): 48 bits of Unix milliseconds, then random bits.
// Ids made later sort later, so the database's indexes on them grow at the end instead of touching a random
// page per insert (which is what random v4 ids cost under load). Qt 6.4 has no v7 generator.
QString newTimeOrderedId(qint64 unixMs);

} // namespace countersign
