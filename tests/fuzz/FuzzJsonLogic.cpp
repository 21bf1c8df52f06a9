// libFuzzer target: the JSON Logic evaluator (routing rules) on any rule and data. A rule that validates must
// evaluate without crashing, whatever the data; one that does not validate is refused, never evaluated.
// Input: a JSON array [rule, data].
#include "policy/JsonLogic.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    const QJsonArray pair = doc.array();
    const QJsonValue rule = pair.at(0);
    if (countersign::server::jsonlogic::validate(rule))
        return 0;
    const QJsonValue result = countersign::server::jsonlogic::apply(rule, pair.at(1));
    (void)countersign::server::jsonlogic::truthy(result);
    return 0;
}
