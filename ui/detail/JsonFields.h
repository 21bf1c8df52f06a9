#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace countersign::ui {

// A JSON value as the fields a person reads: every scalar and every list of scalars under its path
// ("address › city", "items › 2 › name"), with its text as read (a list as its items, not "2 items").
// What the reading view shows and what the field diff compares. No widgets: testable on its own.
struct JsonField
{
    QString label;  // the path; empty for a bare scalar (a text output)
    QString text;
    QStringList items;  // a list of scalars: its items, as read
    bool isList = false;
    // Worth a heading of its own with the text wrapped below: several lines, or more than a short line.
    bool isLong() const;
};

QList<JsonField> jsonFields(const QJsonValue &value);
// A list of scalars as one text: "a@example.com, b@example.com", or one item a line when any is long.
QString listText(const QStringList &items);

} // namespace countersign::ui
