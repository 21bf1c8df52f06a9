#pragma once

#include <QJsonValue>
#include <QTreeWidget>

namespace countersign::ui {

// Any JSON as a readable two-column tree (key, value), objects and arrays expandable.
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
};

} // namespace countersign::ui
