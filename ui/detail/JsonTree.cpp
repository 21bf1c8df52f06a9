#include "JsonTree.h"

#include <QDesktopServices>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>

namespace countersign::ui {

JsonTree::JsonTree(QWidget *parent)
    : QTreeWidget(parent)
{
    setColumnCount(2);
    setHeaderLabels({tr("Field"), tr("Value")});
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    setWordWrap(true);
    setUniformRowHeights(false);
    setRootIsDecorated(true);
    setSelectionMode(QAbstractItemView::ContiguousSelection);
    connect(this, &QTreeWidget::itemClicked, this, &JsonTree::openLink);
    connect(this, &QTreeWidget::itemActivated, this, &JsonTree::openLink);
}

void JsonTree::openLink(QTreeWidgetItem *item, int column)
{
    const QUrl url = item->data(1, Qt::UserRole).toUrl();
    if (column == 1 && url.isValid())
        QDesktopServices::openUrl(url);
}

QString JsonTree::scalarText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return v.toString();
    case QJsonValue::Bool: return v.toBool() ? tr("yes") : tr("no");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d);
    }
    case QJsonValue::Null: return QStringLiteral("—");
    case QJsonValue::Array: {
        // A list of scalars reads as its items ("cc: a@example.com, b@example.com"), not as a count.
        const QJsonArray a = v.toArray();
        QStringList items;
        for (const QJsonValue &item : a) {
            if (item.isObject() || item.isArray())
                return tr("%n item(s)", nullptr, int(a.size()));
            items << scalarText(item);
        }
        return items.isEmpty() ? tr("(none)") : items.join(QStringLiteral(", "));
    }
    case QJsonValue::Object: return tr("%n field(s)", nullptr, int(v.toObject().size()));
    default: return {};
    }
}

void JsonTree::setJson(const QJsonValue &value)
{
    clear();
    addChildren(invisibleRootItem(), value);
    expandAll();
}

void JsonTree::addChildren(QTreeWidgetItem *parent, const QJsonValue &value)
{
    auto add = [&](const QString &key, const QJsonValue &v) {
        auto *item = new QTreeWidgetItem(parent, {key, scalarText(v)});
        item->setToolTip(1, scalarText(v));
        const QUrl url(v.toString(), QUrl::StrictMode);
        if (v.isString() && url.isValid() && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
            && !url.host().isEmpty()) {
            item->setData(1, Qt::UserRole, url);
            item->setForeground(1, palette().brush(QPalette::Link));
            QFont f = font();
            f.setUnderline(true);
            item->setFont(1, f);
            item->setToolTip(1, tr("Open in your browser: %1").arg(url.toDisplayString()));
        }
        if (v.isObject() || v.isArray())
            addChildren(item, v);
    };
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            add(it.key(), it.value());
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            add(QString::number(i + 1), a.at(i));
    } else if (!value.isUndefined()) {
        add(QString(), value);
    }
}

} // namespace countersign::ui
