#include "RestFailure.h"

#include "ApproverClient.h"

#include <QJsonObject>
#include <QSslError>
#include <QUrl>

namespace countersign::client {

QString RestFailure::untrustedCertificate(const QList<QSslError> &errors)
{
    QStringList problems;
    for (const QSslError &e : errors)
        problems.append(e.errorString());
    return tr("The server's TLS certificate is not trusted (%1). If the server uses its own certificate "
              "authority, start the app with COUNTERSIGN_CA_FILE set to that CA's PEM file.")
        .arg(problems.join(QStringLiteral("; ")));
}

QString RestFailure::notSignedIn()
{
    return tr("Not signed in.");
}

QString RestFailure::sessionEnded()
{
    return tr("The session has ended; sign in again.");
}

QString RestFailure::serverUnavailable(const QUrl &server)
{
    return tr("The server at %1 cannot reach its database just now. Countersign keeps trying; decisions stay "
              "queued until it is back.").arg(server.toString());
}

QString RestFailure::text(const RestAnswer &a, const QUrl &server)
{
    if (a.ok())
        return {};
    if (!a.tlsErrors.isEmpty())
        return untrustedCertificate(a.tlsErrors);
    if (a.timedOut)
        return tr("The server at %1 did not answer in time.").arg(server.toString());
    if (a.status == 0)
        return tr("Cannot reach %1: %2.").arg(server.toString(), a.error);
    // The protocol's codes first (docs/protocol.md, error table); the status for a body without one.
    if (a.errorCode == QLatin1String("invalid_credentials"))
        return tr("Wrong user name or password.");
    if (a.errorCode == QLatin1String("rate_limited") || a.status == 429)
        return tr("Too many sign-in attempts; wait a minute and try again.");
    if (a.status == 401)
        return sessionEnded();
    if (a.status == 403)
        return tr("Your roles do not allow this.");
    if (a.errorCode == QLatin1String("unavailable"))
        return serverUnavailable(server);
    // HttpAnswer::error is the server's message (with the field at fault), or just "HTTP n" without one.
    const bool hasMessage = !a.body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().isEmpty();
    return tr("The server answered HTTP %1%2.").arg(a.status).arg(hasMessage ? QStringLiteral(": ") + a.error : QString());
}

} // namespace countersign::client
