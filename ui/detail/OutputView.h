#pragma once

#include "OutputWindow.h"

#include <QJsonValue>
#include <QPointer>
#include <QWidget>

class QAction;
class QPlainTextEdit;
class QTabWidget;
class QToolButton;

namespace countersign::ui {

class JsonTree;
class ReadingView;

// An agent's output in three views: Reading (the default: an email as a message, text as markdown, other
// JSON as its fields with long text wrapped under each field's name), Tree (the JSON's structure) and Raw
// JSON (the exact document). "Open in window" (Ctrl+Shift+O) shows the same output in a window of its own,
// resizable, that follows what this view shows.
class OutputView final : public QWidget
{
    Q_OBJECT
public:
    enum class Kind { Email, Markdown, Tree };
    enum class PopOut { Offered, NotOffered };

    explicit OutputView(QWidget *parent = nullptr, PopOut offer = PopOut::Offered);
    void setOutput(const QJsonValue &output);
    // The window title of the pop-out (the approval's title).
    void setTitle(const QString &title);
    QJsonValue output() const { return m_output; }
    Kind kind() const { return m_kind; }
    static Kind kindOf(const QJsonValue &output);
    // The JSON as indented text (the raw view).
    static QString rawText(const QJsonValue &output);

    ReadingView &reading() { return *m_reading; }
    QPlainTextEdit &raw() { return *m_raw; }
    QTabWidget &tabs() { return *m_tabs; }
    QAction *popOutAction() const { return m_popOutAction; }
    // Opens (or raises) the pop-out window; null where it is not offered.
    OutputWindow *popOut();
    OutputWindow *popOutWindow() const { return m_window; }

private:
    QTabWidget *m_tabs;
    ReadingView *m_reading;
    JsonTree *m_tree;
    QPlainTextEdit *m_raw;
    QAction *m_popOutAction = nullptr;
    QPointer<OutputWindow> m_window;
    QJsonValue m_output;
    QString m_title;
    Kind m_kind = Kind::Tree;
};

} // namespace countersign::ui
