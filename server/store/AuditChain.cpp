#include "AuditChain.h"

#include "protocol/ApprovalJson.h"

#include <QCryptographicHash>
#include <QJsonDocument>

namespace countersign::server::audit {

QByteArray entryHash(const QByteArray &prevHash, const Event &event)
{
    const QByteArray canonical = QJsonDocument(json::toJson(event)).toJson(QJsonDocument::Compact);
    return QCryptographicHash::hash(QByteArray(prevHash + '\n' + canonical), QCryptographicHash::Sha256).toHex();
}

} // namespace countersign::server::audit
