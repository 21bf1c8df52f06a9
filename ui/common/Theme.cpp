#include "Theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>

namespace countersign::ui {

namespace theme {

namespace {

// `a` moved towards `b` by `share` (0..1).
QColor mix(const QColor &a, const QColor &b, double share)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * share), float(a.greenF() + (b.greenF() - a.greenF()) * share),
                            float(a.blueF() + (b.blueF() - a.blueF()) * share));
}

// Each tone has a deep shade for light backgrounds and a pale one for dark backgrounds (Material's 800 and 200).
QColor tone(const QPalette &palette, QRgb onLight, QRgb onDark)
{
    return QColor(isDark(palette) ? onDark : onLight);
}

constexpr QRgb Amber = 0xffa726;
constexpr QRgb Red = 0xef5350;
constexpr QRgb Green = 0x66bb6a;

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor errorText(const QPalette &p) { return tone(p, 0xc62828, 0xef9a9a); }
QColor warningText(const QPalette &p) { return tone(p, 0xa35f00, 0xffcc80); }
QColor successText(const QPalette &p) { return tone(p, 0x2e7d32, 0xa5d6a7); }
QColor infoText(const QPalette &p) { return tone(p, 0x1565c0, 0x90caf9); }
QColor mutedText(const QPalette &p) { return mix(p.color(QPalette::WindowText), p.color(QPalette::Window), 0.45); }

QColor warningBackground(const QPalette &p) { return mix(p.color(QPalette::Window), QColor(Amber), isDark(p) ? 0.22 : 0.16); }
QColor warningBorder(const QPalette &p) { return mix(p.color(QPalette::Window), QColor(Amber), isDark(p) ? 0.6 : 0.7); }
QColor errorBackground(const QPalette &p) { return mix(p.color(QPalette::Window), QColor(Red), isDark(p) ? 0.25 : 0.14); }

QColor removedBackground(const QPalette &p) { return mix(p.color(QPalette::Base), QColor(Red), isDark(p) ? 0.3 : 0.2); }
QColor addedBackground(const QPalette &p) { return mix(p.color(QPalette::Base), QColor(Green), isDark(p) ? 0.3 : 0.22); }

QString css(const QColor &colour)
{
    return colour.name(QColor::HexRgb);
}

void setForeground(QWidget &widget, const QColor &colour)
{
    QPalette p = widget.palette();
    p.setColor(QPalette::WindowText, colour);
    p.setColor(QPalette::Text, colour);
    widget.setPalette(p);
}

} // namespace theme

ThemeSwitcher::ThemeSwitcher()
    : m_systemStyle(QApplication::style()->name())
    , m_systemPalette(QApplication::palette())
{
}

ThemeSwitcher::~ThemeSwitcher()
{
    apply(QStringLiteral("system"));
}

void ThemeSwitcher::apply(const QString &choice)
{
    const QString wanted = choice == QLatin1String("light") || choice == QLatin1String("dark") ? choice : QStringLiteral("system");
    if (wanted == m_current)
        return;
    m_current = wanted;
    if (wanted == QLatin1String("system")) {
        QApplication::setStyle(QStyleFactory::create(m_systemStyle));
        QApplication::setPalette(m_systemPalette);
        return;
    }
    // Fusion draws everything from the palette, so a dark palette gives a dark app on every platform.
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    QApplication::setStyle(fusion);
    QApplication::setPalette(wanted == QLatin1String("dark") ? darkPalette() : fusion->standardPalette());
}

QPalette ThemeSwitcher::darkPalette()
{
    const QColor window(0x2d, 0x2d, 0x30);
    const QColor base(0x1f, 0x1f, 0x22);
    const QColor text(0xe8, 0xe8, 0xe8);
    const QColor disabled(0x80, 0x80, 0x80);
    const QColor highlight(0x3d, 0x7e, 0xd6);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x28, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3e));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3e));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x8a, 0x80));
    p.setColor(QPalette::Light, QColor(0x55, 0x55, 0x5a));
    p.setColor(QPalette::Midlight, QColor(0x48, 0x48, 0x4c));
    p.setColor(QPalette::Mid, QColor(0x26, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x1a, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x55));
    return p;
}

} // namespace countersign::ui
