#pragma once

#include <QString>
#include <QStringList>

namespace countersign::outcomes {

// Named outcomes an agent offers besides the plain decisions: a CrewAI flow's `emit` list ("approved",
// "rejected", "needs_revision", "escalate_to_legal"...). The approver picks one; it travels as the decision's
// `outcome`, and the plain decision it stands for is what Countersign records.

// The plain decision an outcome stands for, by its name: reject-like names reject, revision-like names send
// back, anything else approves.
QString decisionFor(const QString &outcome);
// The offered outcome that names `decision` (for a decision made without choosing one), or empty.
QString outcomeFor(const QString &decision, const QStringList &offered);

} // namespace countersign::outcomes
