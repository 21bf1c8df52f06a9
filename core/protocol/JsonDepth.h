#pragma once

#include <QByteArrayView>

namespace countersign::json {

// The deepest nesting of objects and arrays any JSON body or frame may have. Real approvals stay far below it;
// 1,000 levels were accepted before and broke approver clients' parsers (issue 14). Documented in
// docs/protocol.md; a deeper body is a 400 naming the limit.
inline constexpr int MaxNestingDepth = 64;

// How deep objects and arrays nest in `raw` (brackets inside strings do not count). A scan of the bytes, so a
// hostile body is refused before it is parsed at all. Malformed JSON is left to the parser's own error.
int nestingDepth(QByteArrayView raw);

inline bool tooDeep(QByteArrayView raw) { return nestingDepth(raw) > MaxNestingDepth; }

// Whether `raw` holds the NUL character, as a byte or as the escape \u0000 in a string. Refused everywhere
// (400): PostgreSQL cannot store it in text, and no approval needs it; one engine must not accept what the other
// cannot keep.
bool containsNul(QByteArrayView raw);
inline constexpr char NulRefused[] = "text must not contain the NUL character (\\u0000)";

} // namespace countersign::json
