#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace countersign::ui {

// A line diff (longest common subsequence) between two texts: what the history shows between versions and
// what "edit then approve" shows before sending.
struct DiffLine
{
    enum class Kind { Same, Removed, Added };
    Kind kind;
    QString text;
};

QList<DiffLine> lineDiff(const QString &before, const QString &after);
// The diff as HTML: removed lines red with "−", added lines green with "+", the rest plain.
QString diffHtml(const QList<DiffLine> &diff);

} // namespace countersign::ui
