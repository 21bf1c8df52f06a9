#pragma once

#include <QString>

#include <optional>

namespace countersign::server {

class Store;

// Walks the whole audit log of `store` and checks its hash chain. Returns nothing when it is intact (with the
// number of entries in `entries`), else one line naming the first bad entry and what is wrong with it.
// Throws StoreError when the store cannot be read.
std::optional<QString> findBrokenAuditEntry(Store &store, qint64 *entries);

} // namespace countersign::server
