#pragma once

#include "domain/Approval.h"

#include <QByteArray>

namespace countersign::server::audit {

// The prev_hash of the first entry.
inline const QByteArray GenesisHash(64, '0');

// SHA-256 over the previous entry's hash and this entry's canonical JSON (sorted keys, compact): editing,
// removing or reordering any row breaks every hash after it.
QByteArray entryHash(const QByteArray &prevHash, const Event &event);

} // namespace countersign::server::audit
