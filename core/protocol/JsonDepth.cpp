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

} // namespace countersign::json
