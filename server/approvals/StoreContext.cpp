#include "StoreContext.h"

#include "time/Clock.h"

namespace countersign::server {

Event StoreContext::event(const Approval &a, const QString &action, const Actor &actor, const QJsonObject &details) const
{
    Event e;
    e.at = clock.now();
    e.actor = actor.name;
    e.action = action;
    e.approvalId = a.id;
    e.version = a.version;
    e.details = details;
    e.ip = actor.ip;
    return e;
}

Approval StoreContext::withHistory(Approval a) const
{
    a.history = store.eventsFor(a.id);
    return a;
}

} // namespace countersign::server
