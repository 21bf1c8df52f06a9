#pragma once

namespace countersign::server {

// Routes Qt's logging (categories countersign.server.*) to stderr as plain text or as one JSON object a line.
// Nothing logs request bodies, secrets or tokens; only ids, addresses and outcomes.
enum class LogFormat { Text, Json };
void installLogFormat(LogFormat format);

} // namespace countersign::server
