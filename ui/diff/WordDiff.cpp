#include "WordDiff.h"

#include <algorithm>
#include <vector>

namespace countersign::ui::diff {

namespace {

enum class CharClass { Space, Mark, Word, Alone };

bool writtenWithoutSpaces(char32_t c)
{
    switch (QChar::script(c)) {
    case QChar::Script_Han:
    case QChar::Script_Hiragana:
    case QChar::Script_Katakana:
    case QChar::Script_Bopomofo:
    case QChar::Script_Thai:
    case QChar::Script_Lao:
    case QChar::Script_Khmer:
    case QChar::Script_Myanmar:
        return true;
    default:
        return false;
    }
}

CharClass classOf(char32_t c)
{
    if (QChar::isSpace(c))
        return CharClass::Space;
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Other_Format:  // zero-width joiners and non-joiners belong to the letters around them
        return CharClass::Mark;
    default:
        break;
    }
    if (writtenWithoutSpaces(c))
        return CharClass::Alone;
    if (QChar::isLetterOrNumber(c) || c == U'_')
        return CharClass::Word;
    return CharClass::Alone;
}

struct CodePoint
{
    char32_t value;
    qsizetype at;
    qsizetype size;
};

std::vector<CodePoint> codePoints(const QString &text)
{
    std::vector<CodePoint> out;
    out.reserve(std::size_t(text.size()));
    for (qsizetype i = 0; i < text.size();) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out.push_back({QChar::surrogateToUcs4(c, text.at(i + 1)), i, 2});
            i += 2;
        } else {
            out.push_back({c.unicode(), i, 1});
            ++i;
        }
    }
    return out;
}

// The linear-space Myers diff over two token ranges, writing runs into `out`.
class Myers
{
public:
    Myers(const QStringList &a, const QStringList &b, QList<Segment> &out)
        : m_a(a)
        , m_b(b)
        , m_out(out)
    {
    }

    void run() { compare(0, m_a.size(), 0, m_b.size()); }

private:
    void emit(Segment::Kind kind, const QStringList &from, qsizetype lo, qsizetype hi)
    {
        for (qsizetype i = lo; i < hi; ++i) {
            if (!m_out.isEmpty() && m_out.last().kind == kind)
                m_out.last().text += from.at(i);
            else
                m_out.append({kind, from.at(i)});
        }
    }

    // a[aLo, aHi) against b[bLo, bHi).
    void compare(qsizetype aLo, qsizetype aHi, qsizetype bLo, qsizetype bHi)
    {
        qsizetype prefix = 0;
        while (aLo + prefix < aHi && bLo + prefix < bHi && m_a.at(aLo + prefix) == m_b.at(bLo + prefix))
            ++prefix;
        emit(Segment::Kind::Same, m_a, aLo, aLo + prefix);
        aLo += prefix;
        bLo += prefix;
        qsizetype suffix = 0;
        while (aHi - suffix > aLo && bHi - suffix > bLo && m_a.at(aHi - suffix - 1) == m_b.at(bHi - suffix - 1))
            ++suffix;
        aHi -= suffix;
        bHi -= suffix;
        if (aLo == aHi) {
            emit(Segment::Kind::Added, m_b, bLo, bHi);
        } else if (bLo == bHi) {
            emit(Segment::Kind::Removed, m_a, aLo, aHi);
        } else {
            const auto [x, y] = split(aLo, aHi, bLo, bHi);
            if ((x == aLo && y == bLo) || (x == aHi && y == bHi)) {
                // No progress possible (cannot happen for a true middle snake): replace the range whole.
                emit(Segment::Kind::Removed, m_a, aLo, aHi);
                emit(Segment::Kind::Added, m_b, bLo, bHi);
            } else {
                compare(aLo, x, bLo, y);
                compare(x, aHi, y, bHi);
            }
        }
        emit(Segment::Kind::Same, m_a, aHi, aHi + suffix);
    }

    // Where the shortest edit script of the range crosses its middle (the end of the middle snake), found by
    // running the greedy search forward from the start and backward from the end until the two meet.
    std::pair<qsizetype, qsizetype> split(qsizetype aLo, qsizetype aHi, qsizetype bLo, qsizetype bHi)
    {
        const qsizetype n = aHi - aLo;
        const qsizetype m = bHi - bLo;
        const qsizetype maxD = (n + m + 1) / 2;
        const qsizetype offset = maxD + 1;
        const std::size_t length = std::size_t(2 * maxD + 3);
        std::vector<qsizetype> forward(length, -1);
        std::vector<qsizetype> backward(length, -1);
        forward[std::size_t(offset + 1)] = 0;
        backward[std::size_t(offset + 1)] = 0;
        const qsizetype delta = n - m;
        const bool oddDelta = delta % 2 != 0;  // the paths meet on a forward step; otherwise on a backward one
        auto A = [&](qsizetype i) -> const QString & { return m_a.at(aLo + i); };
        auto B = [&](qsizetype j) -> const QString & { return m_b.at(bLo + j); };
        // Diagonals that ran off the grid are not searched again (their ends are trimmed from the k range).
        qsizetype forwardStart = 0, forwardEnd = 0, backwardStart = 0, backwardEnd = 0;
        for (qsizetype d = 0; d < maxD; ++d) {
            for (qsizetype k = -d + forwardStart; k <= d - forwardEnd; k += 2) {
                const std::size_t at = std::size_t(offset + k);
                qsizetype x = (k == -d || (k != d && forward[at - 1] < forward[at + 1])) ? forward[at + 1] : forward[at - 1] + 1;
                qsizetype y = x - k;
                while (x < n && y < m && A(x) == B(y)) {
                    ++x;
                    ++y;
                }
                forward[at] = x;
                if (x > n) {
                    forwardEnd += 2;
                } else if (y > m) {
                    forwardStart += 2;
                } else if (oddDelta) {
                    const qsizetype back = offset + delta - k;  // the same diagonal seen from the end
                    if (back >= 0 && back < qsizetype(length) && backward[std::size_t(back)] != -1
                        && x >= n - backward[std::size_t(back)])
                        return {aLo + x, bLo + y};
                }
            }
            for (qsizetype k = -d + backwardStart; k <= d - backwardEnd; k += 2) {
                const std::size_t at = std::size_t(offset + k);
                qsizetype x = (k == -d || (k != d && backward[at - 1] < backward[at + 1])) ? backward[at + 1] : backward[at - 1] + 1;
                qsizetype y = x - k;
                while (x < n && y < m && A(n - x - 1) == B(m - y - 1)) {
                    ++x;
                    ++y;
                }
                backward[at] = x;
                if (x > n) {
                    backwardEnd += 2;
                } else if (y > m) {
                    backwardStart += 2;
                } else if (!oddDelta) {
                    const qsizetype fore = offset + delta - k;
                    if (fore >= 0 && fore < qsizetype(length) && forward[std::size_t(fore)] != -1) {
                        const qsizetype fx = forward[std::size_t(fore)];
                        if (fx >= n - x)
                            return {aLo + fx, bLo + fx - (delta - k)};
                    }
                }
            }
        }
        return {aLo, bLo};  // unreachable: the paths meet by d = maxD
    }

    const QStringList &m_a;
    const QStringList &m_b;
    QList<Segment> &m_out;
};

bool isBlank(const QString &s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c.isSpace(); });
}

} // namespace

QStringList tokenize(const QString &text)
{
    QStringList tokens;
    const std::vector<CodePoint> cps = codePoints(text);
    CharClass current = CharClass::Alone;
    qsizetype start = 0;
    auto close = [&](qsizetype end) {
        if (end > start)
            tokens.append(text.mid(start, end - start));
        start = end;
    };
    for (std::size_t i = 0; i < cps.size(); ++i) {
        const CodePoint &cp = cps[i];
        CharClass cls = classOf(cp.value);
        const bool apostrophe = cp.value == U'\'' || cp.value == U'\u2019';
        if (apostrophe && current == CharClass::Word && cp.at > start && i + 1 < cps.size()
            && classOf(cps[i + 1].value) == CharClass::Word)
            cls = CharClass::Word;  // "don't", "we’re": one word
        if (cp.at == start) {
            current = cls == CharClass::Mark ? CharClass::Alone : cls;
            continue;
        }
        if (cls == CharClass::Mark)
            continue;  // a combining mark stays with what it marks
        const bool joins = cls == current && (cls == CharClass::Space || cls == CharClass::Word);
        if (!joins) {
            close(cp.at);
            current = cls;
        }
    }
    close(text.size());
    return tokens;
}

QList<Segment> diffTokens(const QStringList &before, const QStringList &after)
{
    QList<Segment> out;
    Myers(before, after, out).run();
    return out;
}

QList<Segment> wordDiff(const QString &before, const QString &after)
{
    const QList<Segment> raw = diffTokens(tokenize(before), tokenize(after));
    // White space alone between two changes joins them: "quick brown" → "slow red" reads as one replacement,
    // not as two with a shared space between.
    QList<Segment> joined;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const Segment &s = raw.at(i);
        const bool between = i > 0 && i + 1 < raw.size() && raw.at(i - 1).kind != Segment::Kind::Same
            && raw.at(i + 1).kind != Segment::Kind::Same;
        if (s.kind == Segment::Kind::Same && between && isBlank(s.text)) {
            joined.append({Segment::Kind::Removed, s.text});
            joined.append({Segment::Kind::Added, s.text});
        } else {
            joined.append(s);
        }
    }
    // Each stretch of changes as one removed run then one added run.
    QList<Segment> out;
    QString removed;
    QString added;
    auto flush = [&] {
        if (!removed.isEmpty())
            out.append({Segment::Kind::Removed, removed});
        if (!added.isEmpty())
            out.append({Segment::Kind::Added, added});
        removed.clear();
        added.clear();
    };
    for (const Segment &s : joined) {
        if (s.kind == Segment::Kind::Removed) {
            removed += s.text;
        } else if (s.kind == Segment::Kind::Added) {
            added += s.text;
        } else {
            flush();
            if (!out.isEmpty() && out.last().kind == Segment::Kind::Same)
                out.last().text += s.text;
            else
                out.append(s);
        }
    }
    flush();
    return out;
}

} // namespace countersign::ui::diff
