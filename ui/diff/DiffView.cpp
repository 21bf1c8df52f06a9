#include "DiffView.h"

#include <QCheckBox>
#include <QEvent>
#include <QLabel>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

namespace countersign::ui {

using diff::FieldChange;
using diff::Segment;

namespace {

constexpr qsizetype LongUnchanged = 700;  // an unchanged stretch longer than this is shortened...
constexpr qsizetype KeptContext = 240;    // ...to this much text next to each change

QColor mix(const QColor &base, const QColor &tint, qreal amount)
{
    return QColor::fromRgbF(float(base.redF() + (tint.redF() - base.redF()) * amount),
                            float(base.greenF() + (tint.greenF() - base.greenF()) * amount),
                            float(base.blueF() + (tint.blueF() - base.blueF()) * amount));
}

bool isDark(const QPalette &p)
{
    return p.color(QPalette::Base).lightness() < 128;
}

// Cuts `text` to about `keep` characters at its start (or end), at a space where there is one nearby.
QString keepStart(const QString &text, qsizetype keep)
{
    const qsizetype space = text.lastIndexOf(u' ', keep);
    return text.left(space > keep / 2 ? space : keep);
}

QString keepEnd(const QString &text, qsizetype keep)
{
    const qsizetype space = text.indexOf(u' ', text.size() - keep);
    const qsizetype from = space >= 0 && space < text.size() - keep / 2 ? space + 1 : text.size() - keep;
    return text.mid(from);
}

} // namespace

DiffView::DiffView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_full(new QCheckBox(tr("Show unchanged text in full"), this))
    , m_text(new QTextBrowser(this))
{
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_full->setObjectName(QStringLiteral("diffShowInFull"));
    m_text->setObjectName(QStringLiteral("diffText"));
    m_text->setLineWrapMode(QTextEdit::WidgetWidth);
    m_text->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_text->setMinimumHeight(fontMetrics().lineSpacing() * 5);  // never squeezed to nothing in a small pane
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_full);
    connect(m_full, &QCheckBox::toggled, this, &DiffView::render);
}

QColor DiffView::addedBackground(const QPalette &palette)
{
    return mix(palette.color(QPalette::Base), QColor(0x2e, 0xa0, 0x43), isDark(palette) ? 0.45 : 0.30);
}

QColor DiffView::removedBackground(const QPalette &palette)
{
    return mix(palette.color(QPalette::Base), QColor(0xd7, 0x3a, 0x49), isDark(palette) ? 0.45 : 0.25);
}

void DiffView::setValues(const QJsonValue &before, const QJsonValue &after)
{
    m_message.clear();
    m_changes = diff::diffFields(before, after);
    render();
}

void DiffView::showMessage(const QString &text)
{
    m_message = text;
    m_changes.clear();
    render();
}

QString DiffView::plainText() const
{
    return m_summary->text() + QLatin1Char('\n') + m_text->toPlainText();
}

void DiffView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

void DiffView::render()
{
    m_text->clear();
    if (!m_message.isEmpty()) {
        m_summary->hide();
        m_full->hide();
        m_text->setPlainText(m_message);
        return;
    }
    QStringList unchanged;
    int changed = 0;
    for (const FieldChange &c : std::as_const(m_changes)) {
        if (c.kind == FieldChange::Kind::Unchanged)
            unchanged << c.label;
        else
            ++changed;
    }
    const bool bareText = m_changes.size() == 1 && m_changes.first().label.isEmpty();
    QString summary = changed == 0 ? tr("No changes.") : tr("%n field(s) changed.", nullptr, changed);
    if (!unchanged.isEmpty() && !bareText)
        summary += QLatin1Char(' ') + tr("Unchanged: %1.").arg(unchanged.join(QStringLiteral(", ")));
    m_summary->setText(summary);
    m_summary->setVisible(!bareText || changed == 0);

    const QPalette &p = palette();
    QTextCharFormat plain;
    plain.setForeground(p.color(QPalette::Text));
    QTextCharFormat removed = plain;
    removed.setBackground(removedBackground(p));
    removed.setFontStrikeOut(true);
    QTextCharFormat added = plain;
    added.setBackground(addedBackground(p));
    QTextCharFormat heading = plain;
    heading.setFontWeight(QFont::Bold);
    QTextCharFormat note = plain;
    note.setForeground(p.color(QPalette::PlaceholderText));
    note.setFontItalic(true);
    QTextBlockFormat headingBlock;
    headingBlock.setTopMargin(10);
    headingBlock.setBottomMargin(2);
    QTextBlockFormat textBlock;

    const bool full = m_full->isChecked();
    bool shortened = false;
    QTextCursor cursor(m_text->document());
    bool first = true;
    for (const FieldChange &c : std::as_const(m_changes)) {
        if (c.kind == FieldChange::Kind::Unchanged && !full)
            continue;
        if (!bareText) {
            if (!first)
                cursor.insertBlock(headingBlock);
            else
                cursor.setBlockFormat(headingBlock);
            cursor.insertText(c.label, heading);
            switch (c.kind) {
            case FieldChange::Kind::Changed: cursor.insertText(QStringLiteral("  ") + tr("changed"), note); break;
            case FieldChange::Kind::Added: cursor.insertText(QStringLiteral("  ") + tr("added"), note); break;
            case FieldChange::Kind::Removed: cursor.insertText(QStringLiteral("  ") + tr("removed"), note); break;
            case FieldChange::Kind::Unchanged: cursor.insertText(QStringLiteral("  ") + tr("unchanged"), note); break;
            }
            cursor.insertBlock(textBlock);
        }
        first = false;
        for (qsizetype i = 0; i < c.segments.size(); ++i) {
            const Segment &s = c.segments.at(i);
            if (s.kind == Segment::Kind::Removed) {
                cursor.insertText(s.text, removed);
                continue;
            }
            if (s.kind == Segment::Kind::Added) {
                cursor.insertText(s.text, added);
                continue;
            }
            const bool atStart = i == 0;
            const bool atEnd = i + 1 == c.segments.size();
            if (full || s.text.size() <= LongUnchanged || (atStart && atEnd)) {
                cursor.insertText(s.text, plain);
                continue;
            }
            // A long unchanged stretch: the text next to the changes, and how much is left out between.
            shortened = true;
            const QString head = atStart ? QString() : keepStart(s.text, KeptContext);
            const QString tail = atEnd ? QString() : keepEnd(s.text, KeptContext);
            cursor.insertText(head, plain);
            const int left = int(s.text.size() - head.size() - tail.size());
            cursor.insertText(QLatin1Char(' ') + tr("[… %Ln unchanged character(s) …]", nullptr, left) + QLatin1Char(' '), note);
            cursor.insertText(tail, plain);
        }
    }
    m_full->setVisible(full || shortened || (!unchanged.isEmpty() && !bareText));
    m_text->moveCursor(QTextCursor::Start);
}

} // namespace countersign::ui
