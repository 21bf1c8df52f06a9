#pragma once

#include "config/Config.h"

#include <QJsonObject>

namespace countersign::server {

// Where an approval goes and why: the first routing rule whose condition holds, else the default route.
struct RouteChoice
{
    QString route;
    QString rule;  // the matching rule's name; empty for the default route
};

// `approval` is the approval as JSON (docs/protocol.md section 3: output, context, type, priority, metadata...),
// with its original, unredacted values.
RouteChoice chooseRoute(const Config::Routing &routing, const QJsonObject &approval);

} // namespace countersign::server
