#pragma once

#include "FieldDiff.h"

#include <QJsonValue>
#include <QWidget>

class QCheckBox;
class QLabel;
class QTextBrowser;
class QTextDocument;

namespace countersign::ui {

// Two outputs compared for a reader: a line naming the unchanged fields, then each changed field under its
// name, its text wrapped, removed words struck through and added words highlighted. Long unchanged stretches
// inside a changed field are shortened around the changes unless the reader asks for the text in full.
// The highlights are mixed from the palette's base colour, so they read in a light and a dark palette alike.
class DiffView final : public QWidget
{
    Q_OBJECT
public:
    explicit DiffView(QWidget *parent = nullptr);

    void setValues(const QJsonValue &before, const QJsonValue &after);
    void showMessage(const QString &text);  // instead of a diff ("there is one version only")
    QString plainText() const;
    QTextBrowser &text() { return *m_text; }
    QCheckBox &showInFull() { return *m_full; }

    // The highlight behind added and removed text for a palette.
    static QColor addedBackground(const QPalette &palette);
    static QColor removedBackground(const QPalette &palette);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();

    QLabel *m_summary;
    QCheckBox *m_full;
    QTextBrowser *m_text;
    QList<diff::FieldChange> m_changes;
    QString m_message;
};

} // namespace countersign::ui
