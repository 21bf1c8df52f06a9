#include "LineDiff.h"

#include <vector>

namespace countersign::ui {

QList<DiffLine> lineDiff(const QString &before, const QString &after)
{
    const QStringList a = before.split(u'\n');
    const QStringList b = after.split(u'\n');
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..]. Outputs are short (a few hundred lines).
    std::vector<std::vector<int>> lcs(std::size_t(n + 1), std::vector<int>(std::size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j) {
            lcs[std::size_t(i)][std::size_t(j)] = a.at(i) == b.at(j)
                ? lcs[std::size_t(i + 1)][std::size_t(j + 1)] + 1
                : std::max(lcs[std::size_t(i + 1)][std::size_t(j)], lcs[std::size_t(i)][std::size_t(j + 1)]);
        }
    }
    QList<DiffLine> out;
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n && j < m) {
        if (a.at(i) == b.at(j)) {
            out.append({DiffLine::Kind::Same, a.at(i)});
            ++i;
            ++j;
        } else if (lcs[std::size_t(i + 1)][std::size_t(j)] >= lcs[std::size_t(i)][std::size_t(j + 1)]) {
            out.append({DiffLine::Kind::Removed, a.at(i++)});
        } else {
            out.append({DiffLine::Kind::Added, b.at(j++)});
        }
    }
    while (i < n)
        out.append({DiffLine::Kind::Removed, a.at(i++)});
    while (j < m)
        out.append({DiffLine::Kind::Added, b.at(j++)});
    return out;
}

QString diffHtml(const QList<DiffLine> &diff)
{
    QString html = QStringLiteral("<pre style='margin:0'>");
    for (const DiffLine &line : diff) {
        const QString text = line.text.toHtmlEscaped();
        switch (line.kind) {
        case DiffLine::Kind::Same:
            html += QStringLiteral("  %1\n").arg(text);
            break;
        case DiffLine::Kind::Removed:
            html += QStringLiteral("<span style='background:#fdd;color:#a00'>− %1</span>\n").arg(text);
            break;
        case DiffLine::Kind::Added:
            html += QStringLiteral("<span style='background:#dfd;color:#070'>+ %1</span>\n").arg(text);
            break;
        }
    }
    return html + QStringLiteral("</pre>");
}

} // namespace countersign::ui
