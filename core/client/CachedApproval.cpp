#include "CachedApproval.h"

#include "protocol/ApprovalJson.h"

namespace countersign::client {

CachedApproval CachedApproval::fromJson(const QJsonObject &cached)
{
    CachedApproval a;
    static_cast<Approval &>(a) = json::approvalFromJson(cached);
    // Its presence is what counts (as for the list's "reassigned"): LocalStore::withdraw always fills it.
    if (cached.contains(QLatin1String("withdrawn"))) {
        const QJsonObject w = cached.value(QLatin1String("withdrawn")).toObject();
        a.withdrawn = Withdrawal{w.value(QLatin1String("reason")).toString(), w.value(QLatin1String("route")).toString(),
                                 json::parseTime(w.value(QLatin1String("at")).toString())};
    }
    return a;
}

} // namespace countersign::client
