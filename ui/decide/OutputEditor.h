#pragma once

#include <QJsonValue>
#include <QWidget>

#include <optional>

class QFormLayout;
class QPlainTextEdit;
class QScrollArea;

namespace countersign::ui {

// The agent's output, editable in place: an object field by field (text in a line or a text box, other
// values as JSON), a string as text, anything else as JSON text. The fields scroll inside the editor, so a
// long contract never makes the window taller than the screen.
class OutputEditor final : public QWidget
{
    Q_OBJECT
public:
    explicit OutputEditor(QWidget *parent = nullptr);

    void setOutput(const QJsonValue &output);
    QJsonValue original() const { return m_original; }
    // The edited output, or nothing with `error` set when a JSON field does not parse.
    std::optional<QJsonValue> editedOutput(QString *error) const;
    bool isModified() const;
    // Read-only keeps the text selectable and copyable (an edit overtaken by a decision made elsewhere).
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }
    // The editor of an object's field (for tests and keyboard focus); nullptr if there is none.
    QWidget *fieldEditor(const QString &key) const;

Q_SIGNALS:
    void edited();

private:
    struct Field
    {
        QString key;
        QWidget *editor;
        bool isString;
    };
    void clearFields();
    static QString text(const QWidget *editor);

    QJsonValue m_original;
    QScrollArea *m_scroll;  // holds m_form
    QFormLayout *m_form;
    bool m_readOnly = false;
    QPlainTextEdit *m_whole;  // a string output, or JSON that is not an object
    QList<Field> m_fields;
};

} // namespace countersign::ui
