#include "HttpAnswer.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace countersign {

HttpAnswer HttpAnswer::read(QNetworkReply *reply)
{
    HttpAnswer r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = QJsonDocument::fromJson(reply->readAll()).object();
    r.retryAfterS = reply->rawHeader("Retry-After").toInt();
    if (r.status == 0) {
        r.error = reply->errorString();
    } else if (!r.ok()) {
        const QJsonObject e = r.body.value(QLatin1String("error")).toObject();
        r.errorCode = e.value(QLatin1String("code")).toString();
        r.error = e.value(QLatin1String("message")).toString();
        if (e.contains(QLatin1String("field")))
            r.error += QStringLiteral(" (field %1)").arg(e.value(QLatin1String("field")).toString());
        if (r.error.isEmpty())
            r.error = QStringLiteral("HTTP %1").arg(r.status);
    }
    reply->deleteLater();
    return r;
}

} // namespace countersign
