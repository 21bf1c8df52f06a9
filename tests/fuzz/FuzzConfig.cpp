// libFuzzer target: the configuration reader on any file content: a Config, or one error naming a key.
#include "config/Config.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    countersign::server::ConfigError error;
    const auto config = countersign::server::parseConfig(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), &error);
    if (!config && error.message.isEmpty())
        __builtin_trap();  // a refusal always says why
    return 0;
}
