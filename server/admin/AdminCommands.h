#pragma once

#include <QStringList>

namespace countersign::server {

// `countersignd decide TASK_ID --source ID (--approve | --reject REASON | --revise FEEDBACK) --config FILE`:
// an audited admin override working on the database directly; a running server notices within a second,
// releases waiting long polls and sends the callback. Returns the process exit code.
int runDecideCommand(const QStringList &args);
// `countersignd user add|list|disable|enable|set-roles ...`
int runUserCommand(const QStringList &args);
// `countersignd audit verify|export ...`
int runAuditCommand(const QStringList &args);
// `countersignd migrate --to URL --config FILE`: a single node's SQLite database into an empty PostgreSQL one.
int runMigrateCommand(const QStringList &args);

} // namespace countersign::server
