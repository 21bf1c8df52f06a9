#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace countersign::ui::diff {

// One run of a text diff: text both versions share, text only the first has, or text only the second has.
struct Segment
{
    enum class Kind { Same, Removed, Added };
    Kind kind;
    QString text;
    bool operator==(const Segment &) const = default;
};

// The tokens a text diff compares: words (letters, digits, marks; an apostrophe between letters stays in the
// word), runs of white space, and every other character alone (punctuation, symbols). Characters of scripts
// written without spaces (Han, kana, Thai...) are one token each, so that one changed character in a Japanese
// sentence is not the whole sentence. Joining the tokens gives the text back.
QStringList tokenize(const QString &text);

// The shortest edit script between two token lists (Myers' O(ND) algorithm, in linear space), as runs:
// tokens in both, tokens removed from `before`, tokens added in `after`. Adjacent runs of one kind are merged.
QList<Segment> diffTokens(const QStringList &before, const QStringList &after);

// A word diff between two texts, for a reader: the edit script over tokenize(), then tidied so that a change
// reads as one replacement (white space alone between two changes joins them; within a change the removed
// text comes before the added). Joining the Same and Removed runs gives `before`; Same and Added gives `after`.
QList<Segment> wordDiff(const QString &before, const QString &after);

} // namespace countersign::ui::diff
