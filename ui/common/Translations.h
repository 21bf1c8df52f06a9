#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace countersign::ui {

// The app's language: Countersign's own strings (built into the resources under :/i18n by
// qt_add_translations) and Qt's (the dialogs' standard buttons), for a chosen language or the system's.
// Installed into the application while this object lives; apply() again switches without a restart (the
// windows made afterwards speak the new language).
class Translations
{
    Q_DECLARE_TR_FUNCTIONS(Translations)
public:
    Translations() = default;
    ~Translations();
    Translations(const Translations &) = delete;
    Translations &operator=(const Translations &) = delete;

    // `code` as in AppSettings::language(): "de", "en", or empty for the system's language. True when
    // Countersign has a translation for it (English needs none and answers false).
    bool apply(const QString &code);
    QString current() const { return m_code; }
    QLocale locale() const { return m_locale; }

private:
    void remove();

    QTranslator m_app;
    QTranslator m_qt;
    bool m_appInstalled = false;
    bool m_qtInstalled = false;
    QString m_code;
    QLocale m_locale;
};

} // namespace countersign::ui
