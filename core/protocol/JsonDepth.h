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

} // namespace countersign::json
