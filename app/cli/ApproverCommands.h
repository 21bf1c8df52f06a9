#pragma once

#include <QStringList>

namespace countersign::cli {

// The approver side in one shot: the queue, one approval, a decision, forgetting the sign-in. Each returns
// the process exit code. (The interactive pattern is WatchCommand.)
int runQueue(const QStringList &args);
int runShow(const QStringList &args);
int runDecide(const QStringList &args);
int runLogout(const QStringList &args);

} // namespace countersign::cli
