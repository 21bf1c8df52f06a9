#pragma once

#include <QStringList>

namespace countersign::cli {

// The agent side, for shell scripts and crews: submit (optionally waiting for the decision), revise after a
// revision request, and wait for a decision already asked for. Each returns the process exit code.
int runSubmit(const QStringList &args);
int runRevise(const QStringList &args);
int runWait(const QStringList &args);

} // namespace countersign::cli
