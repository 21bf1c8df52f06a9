#pragma once

#include <QStringList>

namespace countersign::server {

// `countersignd decide TASK_ID --source ID (--approve | --reject REASON | --revise FEEDBACK) --config FILE`:
// an audited admin override working on the database directly; a running server sends the callback at its
// next sweep (within 5 s). Returns the process exit code.
int runDecideCommand(const QStringList &args);
// `countersignd user add|list|disable|enable|set-roles ...`
int runUserCommand(const QStringList &args);
// `countersignd audit verify|export ...`
int runAuditCommand(const QStringList &args);

} // namespace countersign::server
