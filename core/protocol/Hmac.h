#pragma once

#include <QByteArray>

namespace countersign::hmac {

// HMAC-SHA256(secret, data) as lower-case hex: the value of X-Webhook-Signature after "sha256=".
QByteArray sign(const QByteArray &secret, const QByteArray &data);

// The header value an agent sends: "sha256=<hex>".
QByteArray signatureHeader(const QByteArray &secret, const QByteArray &data);

// The callback signature that also covers its time, so that a recorded callback cannot be replayed later:
// "t=<unix seconds>,sha256=<hex of HMAC(secret, timestamp + "." + body)>" (X-Webhook-Signature-V2).
QByteArray timestampedSignatureHeader(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body);

// Checks an X-Webhook-Signature value ("sha256=<hex>" or bare "<hex>", any hex case) in constant time.
bool verify(const QByteArray &secret, const QByteArray &data, const QByteArray &headerValue);

// The string a body-less request (GET, DELETE) signs: METHOD "\n" path_with_query "\n" timestamp.
QByteArray bodylessSigningString(const QByteArray &method, const QByteArray &pathWithQuery,
                                 const QByteArray &timestamp);

// Compares two byte strings in time that depends only on their lengths.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace countersign::hmac
