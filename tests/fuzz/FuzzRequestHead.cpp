// libFuzzer target: the HTTP guard's reading of a request head (server/http/RequestHead), on any bytes. Either
// the head is refused with a reason, or every framing fact it reports is one the rest of the server may rely
// on; a refused head never reads as a WebSocket upgrade.
#include "http/RequestHead.h"

#include <QList>

#include <cstddef>
#include <cstdint>

namespace {

bool sane(const countersign::server::RequestHead &h)
{
    static const QList<QByteArray> Methods = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
    if (!Methods.contains(h.method) || !h.path.startsWith('/') || h.path.contains('?'))
        return false;
    for (char c : h.path) {
        if (c <= 0x20 || c >= 0x7f)
            return false;
    }
    if (h.chunked && h.contentLength >= 0)
        return false;  // both framings at once: the smuggling case
    return !h.webSocketUpgrade || h.hasUpgrade;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto head = countersign::server::parseRequestHead(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (head.contentLength < -1 || head.contentLength > 999'999'999'999'999)
        __builtin_trap();  // -1 (none) or at most 15 digits
    if (head.error.isEmpty() ? !sane(head) : head.webSocketUpgrade)
        __builtin_trap();
    return 0;
}
