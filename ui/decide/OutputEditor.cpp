#include "OutputEditor.h"

#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace countersign::ui {

namespace {
QString compactJson(const QJsonValue &v)
{
    // QJsonDocument holds objects and arrays only: wrap a scalar in an array and unwrap the text.
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

std::optional<QJsonValue> parseJson(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(text).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return std::nullopt;
    return doc.array().at(0);
}
} // namespace

OutputEditor::OutputEditor(QWidget *parent)
    : QWidget(parent)
    , m_scroll(new QScrollArea(this))
    , m_form(new QFormLayout)
    , m_whole(new QPlainTextEdit(this))
{
    m_whole->setObjectName(QStringLiteral("outputEditorText"));
    m_scroll->setObjectName(QStringLiteral("outputEditorFields"));
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto *fields = new QWidget(m_scroll);
    fields->setLayout(m_form);
    m_scroll->setWidget(fields);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_whole, 1);
    connect(m_whole, &QPlainTextEdit::textChanged, this, &OutputEditor::edited);
}

void OutputEditor::clearFields()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_fields.clear();
}

void OutputEditor::setOutput(const QJsonValue &output)
{
    m_original = output;
    clearFields();
    m_scroll->setVisible(output.isObject());
    if (!output.isObject()) {
        m_whole->setPlainText(output.isString() ? output.toString()
                                                : QString::fromUtf8(QJsonDocument(output.toArray()).toJson(QJsonDocument::Indented)));
        m_whole->show();
        return;
    }
    m_whole->hide();
    const QJsonObject o = output.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonValue v = it.value();
        QWidget *editor = nullptr;
        const bool isString = v.isString();
        if (isString && (v.toString().contains(u'\n') || v.toString().size() > 100)) {
            auto *box = new QPlainTextEdit(v.toString(), m_scroll->widget());
            // Tall enough to read a paragraph; the editor's own scroll area takes the rest of a long text.
            const int lines = int(v.toString().count(u'\n')) + 1 + int(v.toString().size() / 100);
            box->setMinimumHeight(std::clamp(lines * box->fontMetrics().lineSpacing() + 12, 120, 360));
            connect(box, &QPlainTextEdit::textChanged, this, &OutputEditor::edited);
            editor = box;
        } else {
            auto *line = new QLineEdit(isString ? v.toString() : compactJson(v), m_scroll->widget());
            if (!isString)
                line->setToolTip(tr("A JSON value (a number, true/false, a list in [ ] or an object in { })"));
            connect(line, &QLineEdit::textEdited, this, &OutputEditor::edited);
            editor = line;
        }
        editor->setObjectName(QStringLiteral("field_") + it.key());
        m_form->addRow(it.key(), editor);
        editor->setProperty("readOnly", m_readOnly);
        m_fields.append({it.key(), editor, isString});
    }
}

QString OutputEditor::text(const QWidget *editor)
{
    if (const auto *line = qobject_cast<const QLineEdit *>(editor))
        return line->text();
    return static_cast<const QPlainTextEdit *>(editor)->toPlainText();
}

std::optional<QJsonValue> OutputEditor::editedOutput(QString *error) const
{
    if (!m_original.isObject()) {
        if (m_original.isString())
            return QJsonValue(m_whole->toPlainText());
        const auto parsed = parseJson(m_whole->toPlainText());
        if (!parsed) {
            *error = tr("The output is not valid JSON.");
            return std::nullopt;
        }
        return parsed;
    }
    QJsonObject out = m_original.toObject();
    for (const Field &f : m_fields) {
        if (f.isString) {
            out.insert(f.key, text(f.editor));
            continue;
        }
        const auto parsed = parseJson(text(f.editor));
        if (!parsed) {
            *error = tr("The field “%1” is not a valid JSON value.").arg(f.key);
            return std::nullopt;
        }
        out.insert(f.key, *parsed);
    }
    return QJsonValue(out);
}

void OutputEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_whole->setReadOnly(readOnly);
    for (const Field &f : std::as_const(m_fields))
        f.editor->setProperty("readOnly", readOnly);  // QLineEdit and QPlainTextEdit both have the property
}

bool OutputEditor::isModified() const
{
    QString error;
    const auto edited = editedOutput(&error);
    return !edited || *edited != m_original;
}

QWidget *OutputEditor::fieldEditor(const QString &key) const
{
    for (const Field &f : m_fields) {
        if (f.key == key)
            return f.editor;
    }
    return m_original.isObject() ? nullptr : m_whole;
}

} // namespace countersign::ui
