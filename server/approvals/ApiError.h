#pragma once

#include <QJsonObject>
#include <QString>

namespace countersign::server {

// A refusal in the protocol's error shape, with the HTTP status it is sent with.
struct ApiError
{
    int httpStatus = 400;
    QString code;
    QString message;
    QString field;
    QJsonObject extra;  // merged into the answer next to "error" (e.g. the current approval on a conflict)
};

} // namespace countersign::server
