// JSON Logic against the public conformance suite (read where it lies, not copied: see conformanceSuite()) and
// the checks made when routing rules are loaded.
#include "policy/JsonLogic.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <gtest/gtest.h>

using namespace countersign::server;

namespace {

// The suite is another project's file, jsonlogic-tests.json: it is looked for in $COUNTERSIGN_JSONLOGIC_SUITE
// (the file or its folder), then in shared/data beside this source tree, then beside the local repository this
// tree was cloned from (tests/CMakeLists.txt). Returns the path found, or an empty string and where it looked.
QString conformanceSuite(QStringList *looked)
{
    const QString fileName = QStringLiteral("jsonlogic-tests.json");
    QStringList candidates;
    const QString fromEnv = qEnvironmentVariable("COUNTERSIGN_JSONLOGIC_SUITE");
    if (!fromEnv.isEmpty())
        candidates << (QFileInfo(fromEnv).isDir() ? fromEnv + QLatin1Char('/') + fileName : fromEnv);
    candidates << QStringLiteral(JSONLOGIC_SUITE_BESIDE_SOURCE);
    if (const QString beside = QStringLiteral(JSONLOGIC_SUITE_BESIDE_ORIGIN); !beside.isEmpty())
        candidates << beside;
    for (const QString &c : std::as_const(candidates)) {
        if (QFileInfo(c).isFile())
            return QFileInfo(c).absoluteFilePath();
        looked->append(QFileInfo(c).absoluteFilePath());
    }
    return {};
}

QJsonArray conformanceCases(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonArray cases;
    for (const QJsonValue &entry : QJsonDocument::fromJson(f.readAll()).array()) {
        if (entry.isArray())  // the strings between cases are section headings
            cases.append(entry);
    }
    return cases;
}

QByteArray compact(const QJsonValue &v)
{
    return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
}

} // namespace

TEST(JsonLogicTest, PassesEveryCaseOfTheConformanceSuite)
{
    QStringList looked;
    const QString suite = conformanceSuite(&looked);
    if (suite.isEmpty()) {
        const std::string where = looked.join(QStringLiteral(", ")).toStdString();
        const char *origin = "The suite is the jsonlogic.com conformance tests (https://jsonlogic.com/tests.json) as "
                             "extended in github.com/jamsesso/json-logic-java, src/test/resources/fixtures.json (MIT), "
                             "saved as jsonlogic-tests.json in shared/data beside the repository, or named by "
                             "COUNTERSIGN_JSONLOGIC_SUITE.";
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            FAIL() << "The JSON Logic conformance suite is required under CI=true and was not found (looked in: "
                   << where << "). " << origin;
        GTEST_SKIP() << "The JSON Logic conformance suite was not found (looked in: " << where << "). " << origin;
    }
    const QJsonArray cases = conformanceCases(suite);
    ASSERT_EQ(cases.size(), 289) << "the suite " << suite.toStdString() << " is not the expected one (289 cases)";
    int passed = 0;
    for (const QJsonValue &c : cases) {
        const QJsonArray t = c.toArray();
        const QJsonValue rule = t.at(0);
        const QJsonValue data = t.at(1);
        const QJsonValue expected = t.at(2);
        EXPECT_EQ(jsonlogic::validate(rule), std::nullopt) << compact(rule).constData();
        const QJsonValue actual = jsonlogic::apply(rule, data);
        EXPECT_EQ(compact(actual), compact(expected))
            << "rule " << compact(rule).constData() << " data " << compact(data).constData();
        passed += compact(actual) == compact(expected);
    }
    EXPECT_EQ(passed, 289);
}

TEST(JsonLogicTest, NamesAnUnknownOperatorEvenDeepInsideARule)
{
    const QJsonValue rule = QJsonDocument::fromJson(R"({"and": [{"==": [1, 1]}, {"gt": [{"var": "output.budget"}, 10]}]})").object();
    const auto problem = jsonlogic::validate(rule);
    ASSERT_TRUE(problem.has_value());
    EXPECT_EQ(*problem, QStringLiteral("unknown operator \"gt\""));
}

TEST(JsonLogicTest, ReadsDottedPathsIntoTheApproval)
{
    const QJsonObject approval = QJsonDocument::fromJson(R"({"output": {"budget": 12000, "items": [{"sku": "A"}]}})").object();
    const QJsonValue rule = QJsonDocument::fromJson(R"({">": [{"var": "output.budget"}, 10000]})").object();
    EXPECT_TRUE(jsonlogic::truthy(jsonlogic::apply(rule, approval)));
    EXPECT_EQ(jsonlogic::apply(QJsonObject{{QStringLiteral("var"), QStringLiteral("output.items.0.sku")}}, approval),
              QJsonValue(QStringLiteral("A")));
    EXPECT_EQ(jsonlogic::apply(QJsonObject{{QStringLiteral("var"), QJsonArray{QStringLiteral("output.nothing"), 7}}}, approval),
              QJsonValue(7));
}
