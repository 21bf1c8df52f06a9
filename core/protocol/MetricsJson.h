#pragma once

#include "domain/MetricsSummary.h"

#include <QJsonObject>

namespace countersign::json {

// The metrics summary as GET /api/v1/metrics/summary answers it (docs/protocol.md), and back.
// Seconds are written with millisecond precision, so that the JSON stays readable.
QJsonObject toJson(const MetricsSummary &m);
MetricsSummary metricsSummaryFromJson(const QJsonObject &o);

} // namespace countersign::json
