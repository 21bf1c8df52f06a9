#pragma once

#include "Config.h"

namespace countersign::server {

// Reads the policy sections of the configuration into `config`: routing, timeouts, escalation,
// notifications, redaction, metrics. False with `error` naming the key at fault (a routing rule that is not
// valid JSON Logic is named by the rule's name).
bool parsePolicies(Config &config, ConfigError *error);

// The redaction rules used when the configuration says nothing: common secret key names, US social security
// numbers, payment card numbers, bearer tokens and well-known API key shapes.
QStringList defaultRedactionKeys();
QStringList defaultRedactionPatterns();

} // namespace countersign::server
