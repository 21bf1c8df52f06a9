#include "Routing.h"

#include "JsonLogic.h"

namespace countersign::server {

RouteChoice chooseRoute(const Config::Routing &routing, const QJsonObject &approval)
{
    for (const Config::RoutingRule &rule : routing.rules) {
        if (jsonlogic::truthy(jsonlogic::apply(rule.condition, approval)))
            return {rule.route, rule.name};
    }
    return {routing.defaultRoute, {}};
}

} // namespace countersign::server
