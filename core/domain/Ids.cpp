#include "Ids.h"

#include <QRandomGenerator>
#include <QUuid>

namespace countersign {

QString newTimeOrderedId(qint64 unixMs)
{
    quint8 bytes[16];
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes), 4);
    for (int i = 0; i < 6; ++i)
        bytes[i] = static_cast<quint8>((quint64(unixMs) >> (8 * (5 - i))) & 0xff);
    bytes[6] = static_cast<quint8>(0x70 | (bytes[6] & 0x0f));  // version 7
    bytes[8] = static_cast<quint8>(0x80 | (bytes[8] & 0x3f));  // RFC 4122 variant
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(bytes), 16)).toString(QUuid::WithoutBraces);
}

} // namespace countersign
