#include "Translations.h"

#include <QLibraryInfo>

namespace countersign::ui {

Translations::Translations(const QLocale &system)
    : m_system(system)
    , m_defaultBefore(QLocale())
    , m_locale(system)
{
}

Translations::~Translations()
{
    remove();
    QLocale::setDefault(m_defaultBefore);
}

void Translations::remove()
{
    if (m_appInstalled)
        QCoreApplication::removeTranslator(&m_app);
    if (m_qtInstalled)
        QCoreApplication::removeTranslator(&m_qt);
    m_appInstalled = m_qtInstalled = false;
}

bool Translations::apply(const QString &code)
{
    remove();
    m_code = code;
    // The chosen language with the system's country when they agree (en_GB stays en_GB), else the language's
    // own main locale.
    const QLocale chosen(code);
    m_locale = code.isEmpty() || chosen.language() == m_system.language() ? m_system : chosen;
    QLocale::setDefault(m_locale);

    if (m_app.load(m_locale, QStringLiteral("countersign"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        m_uiLanguage = QLocale::languageToCode(m_locale.language());
    } else {
        // No catalogue for this language (C/POSIX, French...): the app speaks English, with English plurals.
        m_uiLanguage = QStringLiteral("en");
        if (!m_app.load(QStringLiteral("countersign_en"), QStringLiteral(":/i18n")))
            return false;
    }
    m_appInstalled = QCoreApplication::installTranslator(&m_app);
    // Qt's own strings in the language the app speaks: an English app with German standard buttons (or the
    // reverse) reads as a bug. English needs none.
    if (m_uiLanguage != QLatin1String("en")
        && m_qt.load(QLocale(m_uiLanguage), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        m_qtInstalled = QCoreApplication::installTranslator(&m_qt);
    return m_appInstalled;
}

} // namespace countersign::ui
