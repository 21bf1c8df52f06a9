#pragma once

#include <QJsonObject>
#include <QList>

namespace countersign::demo {

// The seed document's kinds of work: a launch email, a price change with a budget, a contract.
// `runId` keeps task_ids unique across demo runs.
QList<QJsonObject> seedApprovals(const QString &runId);

// What the demo agent "writes" when asked for a revision: the output with the feedback acknowledged.
QJsonValue revisedOutput(const QJsonValue &previous, const QString &feedback, int round);

} // namespace countersign::demo
