// libFuzzer target: the agent's submission as it arrives (raw body bytes): parsed and validated, or refused
// with an error in the protocol's shape, never a crash.
#include "approvals/Submission.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = countersign::server::parseSubmission(body, QStringLiteral("crew-a"));
    if (const auto *error = std::get_if<countersign::server::ApiError>(&parsed)) {
        if (error->httpStatus < 400 || error->httpStatus > 499 || error->code.isEmpty())
            __builtin_trap();  // a refusal must be a 4xx with a code
    }
    return 0;
}
