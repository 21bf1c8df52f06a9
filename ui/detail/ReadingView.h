#pragma once

#include <QJsonValue>
#include <QTextBrowser>

namespace countersign::ui {

// An output for reading: a text as markdown; an email as its subject, its short fields and its body; any
// other JSON as its fields (JsonFields), short ones as "name: value" lines, long ones under their name as a
// heading with the text wrapped below. Lists read as their items, nested fields under their path. Selectable
// and copyable; right-to-left text (Arabic, Hebrew) takes its own direction per paragraph.
class ReadingView final : public QTextBrowser
{
    Q_OBJECT
public:
    explicit ReadingView(QWidget *parent = nullptr);
    void setOutput(const QJsonValue &output);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QJsonValue m_output;
};

} // namespace countersign::ui
