// Outputs compared field by field: what the edit review and the history show.
#include "detail/JsonFields.h"
#include "diff/FieldDiff.h"

#include <QJsonArray>
#include <QJsonObject>

#include <gtest/gtest.h>

namespace countersign::ui::diff {

TEST(FieldDiff, FieldsAreComparedAsTextWithoutJsonPunctuation)
{
    const QJsonObject before{{QStringLiteral("subject"), QStringLiteral("Meet us AT noon")},
                             {QStringLiteral("to"), QStringLiteral("team@example.com")},
                             {QStringLiteral("body"), QStringLiteral("Dear team,\nSee you there.")}};
    QJsonObject after = before;
    after.insert(QStringLiteral("body"), QStringLiteral("Dear team,\nSee you there.\n\nP.S. Bring slides."));
    after.insert(QStringLiteral("cc"), QJsonArray{QStringLiteral("a@example.com"), QStringLiteral("b@example.com")});
    after.remove(QStringLiteral("to"));
    const QList<FieldChange> changes = diffFields(before, after);
    ASSERT_EQ(changes.size(), 4);
    // QJsonObject keeps its keys sorted: body, subject, to; then what only `after` has.
    EXPECT_EQ(changes.at(0).label, QStringLiteral("body"));
    EXPECT_EQ(changes.at(0).kind, FieldChange::Kind::Changed);
    EXPECT_EQ(changes.at(0).segments.last(), (Segment{Segment::Kind::Added, QStringLiteral("\n\nP.S. Bring slides.")}));
    EXPECT_EQ(changes.at(1).kind, FieldChange::Kind::Unchanged) << "subject";
    EXPECT_EQ(changes.at(2).label, QStringLiteral("to"));
    EXPECT_EQ(changes.at(2).kind, FieldChange::Kind::Removed);
    EXPECT_EQ(changes.at(3).label, QStringLiteral("cc"));
    EXPECT_EQ(changes.at(3).kind, FieldChange::Kind::Added);
    EXPECT_EQ(changes.at(3).segments.first().text, QStringLiteral("a@example.com, b@example.com")) << "a list reads as its items";
}

TEST(FieldDiff, NestedFieldsAreNamedByTheirPathAndATextOutputIsOneField)
{
    const QJsonObject before{{QStringLiteral("party"), QJsonObject{{QStringLiteral("name"), QStringLiteral("株式会社サンプル")},
                                                                   {QStringLiteral("city"), QStringLiteral("東京")}}}};
    const QJsonObject after{{QStringLiteral("party"), QJsonObject{{QStringLiteral("name"), QStringLiteral("株式会社サンプル")},
                                                                  {QStringLiteral("city"), QStringLiteral("大阪")}}}};
    const QList<FieldChange> changes = diffFields(before, after);
    ASSERT_EQ(changes.size(), 2);
    EXPECT_EQ(changes.at(0).label, QStringLiteral("party › city"));
    EXPECT_EQ(changes.at(0).kind, FieldChange::Kind::Changed);
    EXPECT_EQ(changes.at(1).kind, FieldChange::Kind::Unchanged);

    const QList<FieldChange> text = diffFields(QStringLiteral("Hello world"), QStringLiteral("Hello there world"));
    ASSERT_EQ(text.size(), 1);
    EXPECT_TRUE(text.first().label.isEmpty());
    EXPECT_EQ(text.first().kind, FieldChange::Kind::Changed);
}

TEST(JsonFields, ListsReadAsTheirItemsAndLongTextIsMarkedLong)
{
    const QJsonObject o{{QStringLiteral("cc"), QJsonArray{QStringLiteral("a@example.com"), QStringLiteral("b@example.com")}},
                        {QStringLiteral("contract_text"), QString(QStringLiteral("Clause. ")).repeated(50)},
                        {QStringLiteral("amount"), 1200},
                        {QStringLiteral("lines"), QJsonArray{QJsonObject{{QStringLiteral("item"), QStringLiteral("Desk")}}}}};
    const QList<JsonField> fields = jsonFields(o);
    ASSERT_EQ(fields.size(), 4);
    EXPECT_EQ(fields.at(0).label, QStringLiteral("amount"));
    EXPECT_EQ(fields.at(0).text, QStringLiteral("1200"));
    EXPECT_EQ(fields.at(1).text, QStringLiteral("a@example.com, b@example.com"));
    EXPECT_TRUE(fields.at(1).isList);
    EXPECT_FALSE(fields.at(1).isLong());
    EXPECT_TRUE(fields.at(2).isLong()) << "contract_text";
    EXPECT_EQ(fields.at(3).label, QStringLiteral("lines › 1 › item"));
}

} // namespace countersign::ui::diff
