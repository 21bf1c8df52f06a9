#include "OutputView.h"

#include "JsonTree.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace countersign::ui {

OutputView::OutputView(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_formatted(new QStackedWidget(this))
    , m_text(new QTextBrowser(this))
    , m_tree(new JsonTree(this))
    , m_raw(new QPlainTextEdit(this))
{
    m_text->setObjectName(QStringLiteral("outputText"));
    m_text->setOpenExternalLinks(false);
    m_tree->setObjectName(QStringLiteral("outputTree"));
    m_raw->setObjectName(QStringLiteral("outputRaw"));
    m_raw->setReadOnly(true);
    m_raw->setFont(QFont(QStringLiteral("monospace")));
    m_formatted->addWidget(m_text);
    m_formatted->addWidget(m_tree);
    m_tabs->addTab(m_formatted, tr("Formatted"));
    m_tabs->addTab(m_raw, tr("Raw JSON"));
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
    m_kind = kindOf(output);
    m_raw->setPlainText(rawText(output));
    switch (m_kind) {
    case Kind::Markdown:
        m_text->setMarkdown(output.toString());
        m_formatted->setCurrentWidget(m_text);
        break;
    case Kind::Email: {
        // Subject as a heading, the body as the recipient will read it, any other field below.
        const QJsonObject o = output.toObject();
        QString html = QStringLiteral("<p style='color:palette(mid)'>%1</p><h3>%2</h3><p style='white-space:pre-wrap'>%3</p>")
                           .arg(tr("Subject").toHtmlEscaped(), o.value(QLatin1String("subject")).toString().toHtmlEscaped(),
                                o.value(QLatin1String("body")).toString().toHtmlEscaped());
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == QLatin1String("subject") || it.key() == QLatin1String("body"))
                continue;
            html += QStringLiteral("<p><b>%1:</b> %2</p>").arg(it.key().toHtmlEscaped(), JsonTree::scalarText(it.value()).toHtmlEscaped());
        }
        m_text->setHtml(html);
        m_formatted->setCurrentWidget(m_text);
        break;
    }
    case Kind::Tree:
        m_tree->setJson(output);
        m_formatted->setCurrentWidget(m_tree);
        break;
    }
}

} // namespace countersign::ui
