#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

class QSslError;
class QUrl;

namespace countersign::client {

struct RestAnswer;

// The one place where a failed exchange with countersignd becomes the sentence a user reads, so the desktop's
// sign-in dialog and status bar and the `countersign` CLI say the same thing for the same failure: an untrusted
// certificate (with how to trust a private CA), no answer in time, no answer at all, and the protocol's
// refusals ({"error": {"code", "message"}}, docs/protocol.md): a wrong password, too many sign-ins, an ended
// session, roles that do not allow it, and any other status with the server's own message.
class RestFailure final
{
    Q_DECLARE_TR_FUNCTIONS(countersign::client::RestFailure)
public:
    // The sentence for an answer that did not succeed; empty for one that did.
    static QString text(const RestAnswer &answer, const QUrl &server);
    // A certificate that did not verify, on a REST call or on the WebSocket.
    static QString untrustedCertificate(const QList<QSslError> &errors);
    static QString notSignedIn();
    // The server no longer takes the token (a REST 401, or the WebSocket's unauthorized error or close).
    static QString sessionEnded();
    // The server answers but cannot reach its database (a 503 `unavailable`, or the WebSocket closed so).
    static QString serverUnavailable(const QUrl &server);
};

} // namespace countersign::client
