#pragma once

#include "domain/Approval.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace countersign::client {

// Where an approval went when it left the user's view (the server's "withdrawn" frame, LocalStore::withdraw).
struct Withdrawal
{
    QString reason;  // "escalated", or another reason it was routed elsewhere
    QString route;
    QDateTime at;
};

// One approval as this client's cache holds it, parsed once where it is read: the server's approval plus what
// only this client knows of it. The widgets read these fields, never the JSON.
struct CachedApproval : Approval
{
    // Set once the approval left the user's view: it stays on screen, read-only, and the list calls it
    // "reassigned" whatever its status on the server.
    std::optional<Withdrawal> withdrawn;

    bool isNull() const { return id.isEmpty(); }  // nothing selected
    // The cached document (the server's approval, and a local "withdrawn" object {"reason","route","at"}).
    static CachedApproval fromJson(const QJsonObject &cached);
};

} // namespace countersign::client
