#include "JsonDepth.h"

#include <algorithm>

namespace countersign::json {

int nestingDepth(QByteArrayView raw)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (inString) {
            if (c == '\\')
                ++i;  // the escaped character, whatever it is
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"': inString = true; break;
        case '{':
        case '[': deepest = std::max(deepest, ++depth); break;
        case '}':
        case ']': --depth; break;
        default: break;
        }
    }
    return deepest;
}

bool containsNul(QByteArrayView raw)
{
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\0')
            return true;
        if (raw[i] != '\\')
            continue;
        // An escape: "\\" is a backslash (skipped whole), "\u0000" the NUL character.
        if (raw.sliced(i).startsWith("\\u0000"))
            return true;
        ++i;
    }
    return false;
}

} // namespace countersign::json
