#pragma once

#include <QJsonObject>
#include <QString>

class QNetworkReply;

namespace countersign {

// One HTTP answer from countersignd, read the way every client needs it: the status, the JSON body, and for
// a refusal the protocol's error (`{"error": {"code", "message", "field"}}`) as a sentence.
struct HttpAnswer
{
    int status = 0;        // 0: no HTTP answer (see error)
    QJsonObject body;
    QString error;         // transport error, or the protocol error's message (with the field at fault)
    QString errorCode;     // the protocol error's code
    int retryAfterS = 0;
    bool ok() const { return status >= 200 && status < 300; }

    // Reads a finished reply (and schedules its deletion).
    static HttpAnswer read(QNetworkReply *reply);
};

} // namespace countersign
