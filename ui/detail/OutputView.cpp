#include "OutputView.h"

#include "JsonTree.h"
#include "OutputWindow.h"
#include "ReadingView.h"

#include <QAction>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace countersign::ui {

OutputView::OutputView(QWidget *parent, PopOut offer)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_reading(new ReadingView(this))
    , m_tree(new JsonTree(this))
    , m_raw(new QPlainTextEdit(this))
{
    m_tabs->setObjectName(QStringLiteral("outputTabs"));
    m_reading->setObjectName(QStringLiteral("outputText"));
    m_tree->setObjectName(QStringLiteral("outputTree"));
    m_raw->setObjectName(QStringLiteral("outputRaw"));
    m_raw->setReadOnly(true);
    m_raw->setFont(QFont(QStringLiteral("monospace")));
    // Raw JSON is the exact document the agent sent (what a copy gives, escapes and all): a multi-line string
    // stays one JSON line with its "\n" escapes, since unescaping it would no longer be JSON. It is wrapped to
    // the width so that nothing hides past the right edge; the Reading tab, the default, shows the same
    // strings as the text they are.
    m_raw->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_raw->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_tabs->addTab(m_reading, tr("Reading"));
    m_tabs->addTab(m_tree, tr("Tree"));
    m_tabs->addTab(m_raw, tr("Raw JSON"));
    if (offer == PopOut::Offered) {
        m_popOutAction = new QAction(tr("Open in window"), this);
        m_popOutAction->setObjectName(QStringLiteral("actionOpenOutputWindow"));
        m_popOutAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
        m_popOutAction->setShortcutContext(Qt::WindowShortcut);  // only while this view is on screen
        m_popOutAction->setToolTip(tr("Read the output in a window of its own (%1)")
                                       .arg(m_popOutAction->shortcut().toString(QKeySequence::NativeText)));
        addAction(m_popOutAction);
        auto *button = new QToolButton(this);
        button->setObjectName(QStringLiteral("openOutputWindow"));
        button->setDefaultAction(m_popOutAction);
        button->setAutoRaise(true);
        m_tabs->setCornerWidget(button, Qt::TopRightCorner);
        connect(m_popOutAction, &QAction::triggered, this, [this] { popOut(); });
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

OutputView::Kind OutputView::kindOf(const QJsonValue &output)
{
    if (output.isString())
        return Kind::Markdown;
    const QJsonObject o = output.toObject();
    if (o.value(QLatin1String("subject")).isString() && o.value(QLatin1String("body")).isString())
        return Kind::Email;
    return Kind::Tree;
}

QString OutputView::rawText(const QJsonValue &output)
{
    if (output.isObject())
        return QString::fromUtf8(QJsonDocument(output.toObject()).toJson(QJsonDocument::Indented));
    if (output.isArray())
        return QString::fromUtf8(QJsonDocument(output.toArray()).toJson(QJsonDocument::Indented));
    if (output.isString())
        return output.toString();
    return JsonTree::scalarText(output);
}

void OutputView::setOutput(const QJsonValue &output)
{
    m_output = output;
    m_kind = kindOf(output);
    m_raw->setPlainText(rawText(output));
    m_reading->setOutput(output);
    m_tree->setJson(output);
    m_tabs->setTabVisible(m_tabs->indexOf(m_tree), !output.isString());  // a text has no structure to show
    if (m_window)
        m_window->view().setOutput(output);
}

void OutputView::setTitle(const QString &title)
{
    m_title = title;
    if (m_window)
        m_window->setWindowTitle(title);
}

OutputWindow *OutputView::popOut()
{
    if (!m_popOutAction)
        return nullptr;
    if (!m_window) {
        m_window = new OutputWindow(this);
        m_window->view().setOutput(m_output);
    }
    m_window->setWindowTitle(m_title);
    m_window->view().tabs().setCurrentIndex(m_tabs->currentIndex());
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
    return m_window;
}

} // namespace countersign::ui
