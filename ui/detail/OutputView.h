#pragma once

#include <QJsonValue>
#include <QWidget>

class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QTextBrowser;

namespace countersign::ui {

class JsonTree;

// An agent's output rendered for what it is: an email (subject and body) as a message, a string as markdown,
// any other JSON as a tree; and always the raw JSON on a second tab.
class OutputView final : public QWidget
{
    Q_OBJECT
public:
    enum class Kind { Email, Markdown, Tree };

    explicit OutputView(QWidget *parent = nullptr);
    void setOutput(const QJsonValue &output);
    Kind kind() const { return m_kind; }
    static Kind kindOf(const QJsonValue &output);
    // The JSON as indented text (the raw view; also what version diffs compare).
    static QString rawText(const QJsonValue &output);

private:
    QTabWidget *m_tabs;
    QStackedWidget *m_formatted;
    QTextBrowser *m_text;
    JsonTree *m_tree;
    QPlainTextEdit *m_raw;
    Kind m_kind = Kind::Tree;
};

} // namespace countersign::ui
