#include "AuditVerify.h"

#include "store/AuditChain.h"
#include "store/Store.h"

namespace countersign::server {

std::optional<QString> findBrokenAuditEntry(Store &store, qint64 *entries)
{
    constexpr int Page = 2000;
    QByteArray expectedPrev = audit::GenesisHash;
    qint64 after = 0;
    qint64 count = 0;
    for (;;) {
        const QList<AuditEntry> page = store.auditAfter(after, Page);
        for (const AuditEntry &e : page) {
            if (e.prevHash != expectedPrev || audit::entryHash(e.prevHash, e.event) != e.hash) {
                return QStringLiteral("audit log BROKEN at entry seq %1 (%2 on approval %3 at %4): %5")
                    .arg(e.event.seq)
                    .arg(e.event.action, e.event.approvalId, e.event.at.toString(Qt::ISODate),
                         e.prevHash != expectedPrev ? QStringLiteral("does not follow the entry before it (removed or reordered)")
                                                    : QStringLiteral("its content does not match its hash (edited)"));
            }
            expectedPrev = e.hash;
            after = e.event.seq;
            ++count;
        }
        if (page.size() < Page)
            break;
    }
    if (entries)
        *entries = count;
    return std::nullopt;
}

} // namespace countersign::server
