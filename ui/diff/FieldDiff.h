#pragma once

#include "WordDiff.h"

#include <QJsonValue>

namespace countersign::ui::diff {

// Two JSON outputs compared as a reader sees them: field by field (JsonFields: "body", "address › city"),
// each field's text word by word. No JSON syntax takes part, so a comma after a value is never a change.
struct FieldChange
{
    enum class Kind { Unchanged, Changed, Added, Removed };
    QString label;  // empty for a text output
    Kind kind;
    QList<Segment> segments;
};

// In the order of `before`'s fields, then the fields only `after` has.
QList<FieldChange> diffFields(const QJsonValue &before, const QJsonValue &after);

} // namespace countersign::ui::diff
