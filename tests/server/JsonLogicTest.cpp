// JSON Logic against the public conformance suite (read from ../shared/data, not copied) and the checks made
// when routing rules are loaded.
#include "policy/JsonLogic.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace countersign::server;

namespace {

QJsonArray conformanceCases()
{
    QFile f(QStringLiteral(SHARED_DATA_DIR "/jsonlogic-tests.json"));
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
    const QJsonArray cases = conformanceCases();
    ASSERT_EQ(cases.size(), 289) << "the suite in ../shared/data/jsonlogic-tests.json was not found or changed";
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
