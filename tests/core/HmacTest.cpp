#include "protocol/Hmac.h"

#include <QStringBuilder>

#include <gtest/gtest.h>

using namespace countersign;

// RFC 4231, test case 2.
TEST(Hmac, MatchesTheRfc4231Vector)
{
    EXPECT_EQ(hmac::sign("Jefe", "what do ya want for nothing?"),
              QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
}

TEST(Hmac, AcceptsPrefixedBareAndUpperCaseSignatures)
{
    const QByteArray body = R"({"task_id":"t1"})";
    const QByteArray hex = hmac::sign("s3cret", body);
    EXPECT_TRUE(hmac::verify("s3cret", body, "sha256=" + hex));
    EXPECT_TRUE(hmac::verify("s3cret", body, hex));
    EXPECT_TRUE(hmac::verify("s3cret", body, hex.toUpper()));
}

TEST(Hmac, RefusesWrongSecretBodyOrShape)
{
    const QByteArray body = R"({"task_id":"t1"})";
    const QByteArray header = hmac::signatureHeader("s3cret", body);
    EXPECT_FALSE(hmac::verify("other", body, header));
    EXPECT_FALSE(hmac::verify("s3cret", body + " ", header));
    EXPECT_FALSE(hmac::verify("s3cret", body, header.left(header.size() - 2)));
    EXPECT_FALSE(hmac::verify("s3cret", body, QByteArray()));
    EXPECT_FALSE(hmac::verify("s3cret", body, "sha1=" + hmac::sign("s3cret", body)));
}

TEST(Hmac, BodylessRequestsSignMethodTargetAndTimestamp)
{
    EXPECT_EQ(hmac::bodylessSigningString("GET", "/api/v1/approvals/t1?wait=30", "1700000000"),
              QByteArray("GET\n/api/v1/approvals/t1?wait=30\n1700000000"));
}
