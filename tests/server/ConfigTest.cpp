#include "config/Config.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace countersign::server;

namespace {
std::string errorFor(const QByteArray &json)
{
    ConfigError e;
    EXPECT_FALSE(parseConfig(json, &e).has_value()) << json.toStdString();
    return e.toString().toStdString();
}
} // namespace

// The example of docs/protocol.md section 4 must load as written.
TEST(Config, LoadsTheProtocolExample)
{
    const QByteArray example = R"({
      "listen": "127.0.0.1:8765",
      "data_dir": "/var/lib/countersign",
      "database": {"driver": "sqlite"},
      "sources": [{"id": "crew-marketing", "secret": "change-me"}],
      "limits": {"max_body_bytes": 1048576},
      "routing": {"default_route": "Manager",
                  "rules": [{"name": "big budget", "if": {">": [{"var": "output.budget"}, 10000]}, "route": "CFO"},
                            {"name": "high risk", "if": {"==": [{"var": "output.risk_level"}, "high"]}, "route": "Legal"}]},
      "escalation": {"chain": ["Manager", "Director", "Executive"], "fallback_approvers": ["backup"]},
      "redaction": {"keys": ["api_key", "password", "ssn"], "patterns": ["\\b\\d{3}-\\d{2}-\\d{4}\\b"]}
    })";
    ConfigError e;
    const auto c = parseConfig(example, &e);
    ASSERT_TRUE(c.has_value()) << e.toString().toStdString();
    EXPECT_EQ(c->listenHost, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(c->listenPort, 8765);
    EXPECT_EQ(c->dataDir, QStringLiteral("/var/lib/countersign"));
    ASSERT_EQ(c->sources.size(), 1);
    EXPECT_EQ(c->sources.first().secret, QByteArray("change-me"));
    EXPECT_EQ(c->limits.maxBodyBytes, 1048576);
    EXPECT_EQ(c->routing.defaultRoute, QStringLiteral("Manager"));
}

TEST(Config, DefaultsWhenKeysAreLeftOut)
{
    const auto c = parseConfig("{}", nullptr);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->listenPort, 8765);
    EXPECT_EQ(c->limits.maxBodyBytes, 1024 * 1024);
    EXPECT_EQ(c->database.driver, QStringLiteral("sqlite"));
}

TEST(Config, NamesTheKeyThatIsWrong)
{
    EXPECT_EQ(errorFor(R"({"listen": "nowhere"})"), "listen: must be HOST:PORT, e.g. 127.0.0.1:8765");
    EXPECT_EQ(errorFor(R"({"sources": [{"id": "a", "secret": "x"}, {"id": "b"}]})"), "sources[1].secret: is required (or secret_env, or secret_file)");
    EXPECT_EQ(errorFor(R"({"sources": [{"id": "a", "secret": "x"}, {"id": "a", "secret": "y"}]})"),
              "sources[1].id: \"a\" is used by another source");
    EXPECT_EQ(errorFor(R"({"limits": {"max_body_bytes": "big"}})"),
              "limits.max_body_bytes: must be a whole number between 1024 and 2.68435e+08");
    EXPECT_EQ(errorFor(R"({"database": {"driver": "mysql"}})"), "database.driver: must be \"sqlite\" or \"postgres\"");
    EXPECT_EQ(errorFor(R"({"database": {"driver": "postgres"}})"),
              "database.url: is required for the postgres driver (postgresql://user:pass@host:5432/db)");
    EXPECT_EQ(errorFor(R"({"sources": {"id": "a"}})"), "sources: must be an array of {\"id\", \"secret\"}");
    EXPECT_EQ(errorFor(R"({"integrations": {"crewai": {"priority": "high"}}})"),
              "integrations.crewai.webhook_secret: is required (the secret CrewAI AMP shows for the webhook, whsec_...)");
    EXPECT_EQ(errorFor(R"({"integrations": {"crewai": {"webhook_secret": "whsec_x", "crew_base_url": "ftp://crew"}}})"),
              "integrations.crewai.crew_base_url: must be an http(s) URL, e.g. https://my-crew.crewai.com");
    EXPECT_EQ(errorFor("[1, 2]"), "the configuration must be a JSON object");
    EXPECT_NE(errorFor("{not json").find("not valid JSON"), std::string::npos);
}

TEST(Config, ParsesListenForms)
{
    QString host;
    quint16 port = 0;
    ASSERT_TRUE(parseListen(QStringLiteral("[::1]:9000"), &host, &port));
    EXPECT_EQ(host, QStringLiteral("::1"));
    EXPECT_EQ(port, 9000);
    ASSERT_TRUE(parseListen(QStringLiteral("localhost:0"), &host, &port));
    EXPECT_EQ(port, 0);
    EXPECT_FALSE(parseListen(QStringLiteral("127.0.0.1:99999"), &host, &port));
    EXPECT_FALSE(parseListen(QStringLiteral("127.0.0.1"), &host, &port));
}

// A misspelt key is refused at start, named with its path and the nearest known key, instead of leaving the
// feature it meant silently off (issue 14, defect 14). Maps whose keys are the user's own stay open.
TEST(Config, AnUnknownKeyIsRefusedNamingTheNearestKnownOne)
{
    EXPECT_EQ(errorFor(R"({"escalaton": {"chain": ["Manager", "CFO"]}})"),
              "escalaton: is not a known key (did you mean \"escalation\"?)");
    EXPECT_EQ(errorFor(R"({"limits": {"max_body_byte": 4096}})"),
              "limits.max_body_byte: is not a known key (did you mean \"limits.max_body_bytes\"?)");
    EXPECT_EQ(errorFor(R"({"routing": {"default_route": "Manager", "rules": [{"name": "a", "if": true, "route": "CFO", "priority": 1}]}})"),
              "routing.rules[0].priority: is not a known key");
    EXPECT_EQ(errorFor(R"({"sources": [{"id": "a", "secret": "s", "secert": "t"}]})"),
              "sources[0].secert: is not a known key (did you mean \"sources[0].secret\"?)");
    EXPECT_EQ(errorFor(R"({"notifications": {"email": {"host": "smtp.example.com", "from": "a@example.com", "prot": 25}}})"),
              "notifications.email.prot: is not a known key (did you mean \"notifications.email.port\"?)");
    // The user's own names: routes, priorities, Slack channels.
    ConfigError e;
    EXPECT_TRUE(parseConfig(R"({"timeouts": {"per_route": {"Whatever Team": 60}},
                                "notifications": {"slack": {"webhooks": {"#any-channel": "https://hooks.example.com/x"}}}})", &e))
        << e.toString().toStdString();
}

// A source's secret can stay out of the config file (issue 14, defect 12): from the environment or a file.
TEST(Config, ASourceSecretComesFromTheEnvironmentOrAFile)
{
    qputenv("COUNTERSIGN_TEST_SECRET", "from-the-env");
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("secret")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("from-a-file\n");
    file.close();
    ConfigError e;
    const auto c = parseConfig(QStringLiteral(R"({"sources": [{"id": "a", "secret_env": "COUNTERSIGN_TEST_SECRET"},
                                                              {"id": "b", "secret_file": "%1"}]})").arg(file.fileName()).toUtf8(), &e);
    ASSERT_TRUE(c) << e.toString().toStdString();
    EXPECT_EQ(c->sources.at(0).secret, QByteArray("from-the-env"));
    EXPECT_EQ(c->sources.at(1).secret, QByteArray("from-a-file")) << "without the file's trailing newline";

    EXPECT_EQ(errorFor(R"({"sources": [{"id": "a", "secret_env": "COUNTERSIGN_TEST_NOT_SET"}]})"),
              "sources[0].secret_env: the environment variable COUNTERSIGN_TEST_NOT_SET is not set or empty");
    EXPECT_EQ(errorFor(R"({"sources": [{"id": "a", "secret_file": "/nonexistent/secret"}]})").rfind("sources[0].secret_file: cannot read /nonexistent/secret", 0), 0u);
    EXPECT_EQ(errorFor(R"({"sources": [{"id": "a", "secret": "x", "secret_env": "COUNTERSIGN_TEST_SECRET"}]})"),
              "sources[0].secret: give one of secret, secret_env and secret_file");
    qunsetenv("COUNTERSIGN_TEST_SECRET");
}

// Issue 14, defects 5 and 6: the body deadline, the bound on bodies in memory and the connection caps.
TEST(Config, ReadsTheConnectionLimits)
{
    ConfigError e;
    const auto c = parseConfig(R"({"limits": {"body_timeout_s": 5, "max_buffered_bytes": 1048576, "max_connections": 100,
                                              "max_connections_per_peer": 10}})", &e);
    ASSERT_TRUE(c.has_value()) << e.toString().toStdString();
    EXPECT_EQ(c->limits.bodyTimeoutS, 5);
    EXPECT_EQ(c->limits.maxBufferedBytes, 1048576);
    EXPECT_EQ(c->limits.maxConnections, 100);
    EXPECT_EQ(c->limits.maxConnectionsPerPeer, 10);

    const auto defaults = parseConfig("{}", nullptr);
    ASSERT_TRUE(defaults.has_value());
    EXPECT_EQ(defaults->limits.bodyTimeoutS, 30);
    EXPECT_EQ(defaults->limits.maxBufferedBytes, 64 * 1024 * 1024);
    EXPECT_EQ(defaults->limits.maxConnections, 4096);
    EXPECT_EQ(defaults->limits.maxConnectionsPerPeer, 256);

    EXPECT_EQ(errorFor(R"({"limits": {"max_connections": 0}})"), "limits.max_connections: must be a whole number between 1 and 1e+06");
    EXPECT_EQ(errorFor(R"({"limits": {"body_timeout_s": 0}})"), "limits.body_timeout_s: must be a whole number between 1 and 3600");
}
