#include "ReadingView.h"

#include "JsonFields.h"
#include "OutputView.h"

#include <QEvent>
#include <QJsonObject>
#include <QTextCursor>

namespace countersign::ui {

ReadingView::ReadingView(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenExternalLinks(false);
    setLineWrapMode(QTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard | Qt::LinksAccessibleByMouse
                            | Qt::LinksAccessibleByKeyboard);
}

void ReadingView::setOutput(const QJsonValue &output)
{
    m_output = output;
    render();
}

void ReadingView::changeEvent(QEvent *event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        render();
}

void ReadingView::render()
{
    if (m_output.isString())
        return setMarkdown(m_output.toString());
    clear();
    const QPalette &p = palette();
    QTextCharFormat text;
    text.setForeground(p.color(QPalette::Text));
    QTextCharFormat label = text;
    label.setFontWeight(QFont::Bold);
    QTextCharFormat title = label;
    title.setFontPointSize(font().pointSizeF() * 1.25);
    QTextBlockFormat line;
    line.setLayoutDirection(Qt::LayoutDirectionAuto);
    QTextBlockFormat heading = line;
    heading.setTopMargin(12);
    heading.setBottomMargin(2);
    QTextBlockFormat paragraph = line;
    paragraph.setBottomMargin(4);

    QList<JsonField> fields = jsonFields(m_output);
    QTextCursor cursor(document());
    bool first = true;
    auto block = [&](const QTextBlockFormat &f) {
        if (first)
            cursor.setBlockFormat(f);
        else
            cursor.insertBlock(f);
        first = false;
    };
    // An email reads as a message: its subject first, as a title.
    if (OutputView::kindOf(m_output) == OutputView::Kind::Email) {
        const QJsonObject o = m_output.toObject();
        block(paragraph);
        cursor.insertText(o.value(QLatin1String("subject")).toString(), title);
        fields.removeIf([](const JsonField &f) { return f.label == QLatin1String("subject"); });
    }
    // The short fields first, one line each (the facts: amount, parties, recipients), then the long ones.
    for (const JsonField &f : std::as_const(fields)) {
        if (f.isLong())
            continue;
        block(line);
        if (!f.label.isEmpty())
            cursor.insertText(f.label + QStringLiteral(": "), label);
        cursor.insertText(f.text, text);
    }
    for (const JsonField &f : std::as_const(fields)) {
        if (!f.isLong())
            continue;
        if (!f.label.isEmpty()) {
            block(heading);
            cursor.insertText(f.label, label);
        }
        if (f.isList) {
            for (const QString &item : f.items) {
                block(paragraph);
                cursor.insertText(QStringLiteral("• ") + item, text);
            }
        } else {
            block(paragraph);
            cursor.insertText(f.text, text);  // each line of the text becomes a paragraph of its own
        }
    }
    moveCursor(QTextCursor::Start);
}

} // namespace countersign::ui
