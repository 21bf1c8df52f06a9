#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace countersign::ui {

// The app's language: Countersign's own strings (built into the resources under :/i18n by
// qt_add_translations) and Qt's (the dialogs' standard buttons, from Debian's qt6-translations-l10n), for a
// chosen language or the system's. Installed into the application while this object lives; apply() again
// switches without a restart (the windows made afterwards speak the new language).
//
// English is the source language, but its plurals come from a plural-only English catalogue: it is loaded
// for every language Countersign has no catalogue of, the C/POSIX locale included.
//
// Numbers and dates follow the chosen language: apply() makes its locale the default QLocale (keeping the
// system's country when the language is the system's), so every QLocale() in the views formats "3. Dez. 2026"
// and "42,9 %" in German. The default QLocale is put back when this object goes.
class Translations
{
    Q_DECLARE_TR_FUNCTIONS(Translations)
public:
    // `system`: the platform's locale (the default QLocale at the time; a test may stand in another).
    explicit Translations(const QLocale &system = QLocale());
    ~Translations();
    Translations(const Translations &) = delete;
    Translations &operator=(const Translations &) = delete;

    // `code` as in AppSettings::language(): "de", "en", or empty for the system's language. True when a
    // catalogue of Countersign's was installed (German, or English's plurals).
    bool apply(const QString &code);
    QString current() const { return m_code; }
    QLocale locale() const { return m_locale; }
    // The language Countersign speaks now ("de" or "en").
    QString uiLanguage() const { return m_uiLanguage; }
    // Whether Qt's own catalogue for the language is installed (false for English, which needs none).
    bool hasQtCatalogue() const { return m_qtInstalled; }

private:
    void remove();

    QLocale m_system;
    QLocale m_defaultBefore;
    QTranslator m_app;
    QTranslator m_qt;
    bool m_appInstalled = false;
    bool m_qtInstalled = false;
    QString m_code;
    QString m_uiLanguage = QStringLiteral("en");
    QLocale m_locale;
};

} // namespace countersign::ui
