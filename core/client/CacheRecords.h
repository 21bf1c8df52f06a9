#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace countersign::client {

// A decision made in the app, waiting to be acknowledged by the server. Its request_id makes resending safe.
struct OutboxEntry
{
    qint64 position = 0;  // the order decisions were made in
    QString requestId;
    QString approvalId;
    std::optional<int> version;
    QString decision;
    QString feedback;
    QJsonValue output;  // approve_with_edits only
    QString outcome;    // the offered outcome chosen, if any
    qint64 createdMs = 0;

    QJsonObject toFrame() const;  // the WebSocket "decide" frame
    QJsonObject toJson() const;
    static OutboxEntry fromJson(const QJsonObject &o);
};

// A decision the server did not take: someone else decided first (`conflict`), or it was refused
// (`forbidden`, `invalid`, ...). Kept so the user sees what they decided and what won.
struct ConflictRecord
{
    QString requestId;
    QString approvalId;
    QString code;
    QString message;
    OutboxEntry mine;
    QJsonObject winner;  // the approval as it is on the server (empty when the server did not say)
    qint64 atMs = 0;
    QString title;       // the approval's title as last known (the winner's, else the cached copy's), else its id
};

} // namespace countersign::client
