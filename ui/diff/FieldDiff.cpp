#include "FieldDiff.h"

#include "detail/JsonFields.h"

namespace countersign::ui::diff {

QList<FieldChange> diffFields(const QJsonValue &before, const QJsonValue &after)
{
    const QList<JsonField> a = jsonFields(before);
    const QList<JsonField> b = jsonFields(after);
    auto find = [](const QList<JsonField> &fields, const QString &label) -> const JsonField * {
        for (const JsonField &f : fields) {
            if (f.label == label)
                return &f;
        }
        return nullptr;
    };
    QList<FieldChange> out;
    for (const JsonField &f : a) {
        const JsonField *other = find(b, f.label);
        if (!other)
            out.append({f.label, FieldChange::Kind::Removed, {{Segment::Kind::Removed, f.text}}});
        else if (other->text == f.text)
            out.append({f.label, FieldChange::Kind::Unchanged, {{Segment::Kind::Same, f.text}}});
        else
            out.append({f.label, FieldChange::Kind::Changed, wordDiff(f.text, other->text)});
    }
    for (const JsonField &f : b) {
        if (!find(a, f.label))
            out.append({f.label, FieldChange::Kind::Added, {{Segment::Kind::Added, f.text}}});
    }
    return out;
}

} // namespace countersign::ui::diff
