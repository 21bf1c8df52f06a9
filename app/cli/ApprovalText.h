#pragma once

#include <QJsonObject>
#include <QString>

namespace countersign::cli {

// An approval as text for the terminal: what the agent produced (an object as "key: value" lines, a string as
// itself), its context, the criteria to check, and (for `show`) its history.
namespace approvalText {

QString full(const QJsonObject &approval, qint64 nowMs, bool withHistory);
// Column headings and one row per approval for `countersign queue`.
QString tableHeader();
QString tableRow(const QJsonObject &approval, qint64 nowMs);
// "due in 9 min", "overdue by 2 h 3 min", or empty without a deadline.
QString deadline(const QJsonObject &approval, qint64 nowMs);

} // namespace approvalText

} // namespace countersign::cli
