#pragma once

#include <QStringList>

namespace countersign::cli {

// `countersign watch`: signs in once, then decides approvals in the terminal as they arrive (see Watcher).
int runWatch(const QStringList &args);

} // namespace countersign::cli
