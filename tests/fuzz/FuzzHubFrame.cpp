// libFuzzer target: one text frame from an approver on /api/v1/ws (server/hub/HubFrame), on any bytes, read in
// each phase of a session (before hello, while signing in, signed in). A frame is a command the phase allows,
// or a refusal with an error code and message; only a decide before sign-in closes the connection.
#include "hub/HubFrame.h"

#include <cstddef>
#include <cstdint>

using countersign::server::HubFrame;
using countersign::server::HubPhase;

namespace {

bool allowed(const HubFrame &f, HubPhase phase)
{
    switch (f.kind) {
    case HubFrame::Kind::Hello:
        return phase == HubPhase::AwaitingHello;
    case HubFrame::Kind::Decide:
        return phase == HubPhase::SignedIn && !f.requestId.isEmpty() && f.requestId.size() <= 200;
    case HubFrame::Kind::Ping:
        return true;
    case HubFrame::Kind::Refused:
        if (f.errorMessage.isEmpty())
            return false;
        if (f.closeUnauthorized)
            return phase != HubPhase::SignedIn && f.errorCode == QLatin1String("unauthorized");
        return f.errorCode == QLatin1String("invalid") && (f.requestId.isEmpty() || phase == HubPhase::SignedIn);
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // QWebSocket hands the session text frames as QString; bytes that are not UTF-8 never reach it as text, but
    // the replacement characters fromUtf8 makes of them are as good an input as any.
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    HubFrame::Kind kinds[3];
    int i = 0;
    for (HubPhase phase : {HubPhase::AwaitingHello, HubPhase::Authenticating, HubPhase::SignedIn}) {
        const HubFrame f = countersign::server::parseHubFrame(text, phase);
        if (!allowed(f, phase))
            __builtin_trap();
        kinds[i++] = f.kind;
    }
    // A ping is a ping whoever sends it.
    if ((kinds[0] == HubFrame::Kind::Ping) != (kinds[2] == HubFrame::Kind::Ping))
        __builtin_trap();
    return 0;
}
