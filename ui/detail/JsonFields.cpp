#include "JsonFields.h"

#include "JsonTree.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace countersign::ui {

namespace {

constexpr qsizetype ShortText = 80;  // characters that still read well on one "label: value" line

bool isScalar(const QJsonValue &v)
{
    return !v.isObject() && !v.isArray();
}

bool isShort(const QString &text)
{
    return text.size() <= ShortText && !text.contains(u'\n');
}

void collect(const QString &label, const QJsonValue &value, QList<JsonField> &out)
{
    auto path = [&](const QString &key) { return label.isEmpty() ? key : label + QStringLiteral(" › ") + key; };
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        if (o.isEmpty())
            out.append({label, QCoreApplication::translate("JsonFields", "(empty)"), {}, false});
        for (auto it = o.begin(); it != o.end(); ++it)
            collect(path(it.key()), it.value(), out);
        return;
    }
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        if (std::all_of(a.begin(), a.end(), [](const QJsonValue &v) { return isScalar(v); })) {
            JsonField f{label, {}, {}, true};
            for (const QJsonValue &v : a)
                f.items << JsonTree::scalarText(v);
            f.text = a.isEmpty() ? QCoreApplication::translate("JsonFields", "(none)") : listText(f.items);
            out.append(f);
            return;
        }
        for (qsizetype i = 0; i < a.size(); ++i)
            collect(path(QString::number(i + 1)), a.at(i), out);
        return;
    }
    if (!value.isUndefined())
        out.append({label, JsonTree::scalarText(value), {}, false});
}

} // namespace

bool JsonField::isLong() const
{
    return !isShort(text);
}

QList<JsonField> jsonFields(const QJsonValue &value)
{
    QList<JsonField> out;
    collect(QString(), value, out);
    return out;
}

QString listText(const QStringList &items)
{
    const bool allShort = std::all_of(items.begin(), items.end(), [](const QString &s) { return isShort(s); });
    return items.join(allShort ? QStringLiteral(", ") : QStringLiteral("\n"));
}

} // namespace countersign::ui
