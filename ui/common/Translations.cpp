#include "Translations.h"

#include <QLibraryInfo>

namespace countersign::ui {

Translations::~Translations()
{
    remove();
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
    m_locale = code.isEmpty() ? QLocale() : QLocale(code);
    if (m_app.load(m_locale, QStringLiteral("countersign"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        m_appInstalled = QCoreApplication::installTranslator(&m_app);
    // Qt's own strings only along with ours: an English app with German standard buttons reads as a bug.
    if (m_appInstalled
        && m_qt.load(m_locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        m_qtInstalled = QCoreApplication::installTranslator(&m_qt);
    return m_appInstalled;
}

} // namespace countersign::ui
