#pragma once

#include <QJsonValue>
#include <QTreeWidget>

namespace countersign::ui {

// Any JSON as a readable two-column tree (key, value), objects and arrays expandable. A value that is an
// http(s) address looks like a link and opens in the browser when clicked (or activated with Enter).
class JsonTree final : public QTreeWidget
{
    Q_OBJECT
public:
    explicit JsonTree(QWidget *parent = nullptr);
    void setJson(const QJsonValue &value);
    // A scalar as the user reads it: strings without quotes, null as an em dash.
    static QString scalarText(const QJsonValue &value);

private:
    void addChildren(QTreeWidgetItem *parent, const QJsonValue &value);
    void openLink(QTreeWidgetItem *item, int column);
};

} // namespace countersign::ui
