#include "X11Desktop.h"

#include <QColor>
#include <QProcess>
#include <QRegularExpression>

namespace countersign::test::x11 {

std::optional<QByteArray> run(const QString &program, const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(1000);
        return std::nullopt;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return std::nullopt;
    return p.readAllStandardOutput();
}

QList<Window> windowsOf(qint64 pid)
{
    QList<Window> windows;
    const auto ids = run(QStringLiteral("xdotool"), {QStringLiteral("search"), QStringLiteral("--pid"), QString::number(pid)});
    if (!ids)
        return windows;  // xdotool exits 1 when there is none yet
    for (const QByteArray &line : ids->split('\n')) {
        const QString id = QString::fromLatin1(line.trimmed());
        if (id.isEmpty())
            continue;
        const auto info = run(QStringLiteral("xwininfo"), {QStringLiteral("-id"), id});
        if (!info)
            continue;  // gone meanwhile
        const QString text = QString::fromLocal8Bit(*info);
        auto field = [&text](const QString &name) {
            const QRegularExpression re(QRegularExpression::escape(name) + QStringLiteral(":\\s*(-?\\d+)"));
            return re.match(text).captured(1).toInt();
        };
        Window w;
        w.id = id;
        w.geometry = QRect(field(QStringLiteral("Absolute upper-left X")), field(QStringLiteral("Absolute upper-left Y")),
                           field(QStringLiteral("Width")), field(QStringLiteral("Height")));
        w.viewable = text.contains(QLatin1String("Map State: IsViewable"));
        windows.append(w);
    }
    return windows;
}

QImage grabScreen(const QRect &rect)
{
    const QString crop = QStringLiteral("%1x%2+%3+%4").arg(rect.width()).arg(rect.height()).arg(rect.x()).arg(rect.y());
    const auto png = run(QStringLiteral("import"), {QStringLiteral("-silent"), QStringLiteral("-window"), QStringLiteral("root"),
                                                   QStringLiteral("-crop"), crop, QStringLiteral("+repage"), QStringLiteral("png:-")},
                         15000);
    return png ? QImage::fromData(*png, "PNG") : QImage();
}

QString property(const QString &windowId, const QString &atom)
{
    const auto out = run(QStringLiteral("xprop"), {QStringLiteral("-id"), windowId, atom});
    return out ? QString::fromLocal8Bit(*out) : QString();
}

bool typeInto(const QString &windowId, const QString &keys)
{
    return run(QStringLiteral("xdotool"), {QStringLiteral("windowactivate"), QStringLiteral("--sync"), windowId}, 5000)
        && run(QStringLiteral("xdotool"), {QStringLiteral("key"), QStringLiteral("--clearmodifiers"), keys});
}

double shareOf(const QImage &image, const QColor &colour, int tolerance)
{
    if (image.isNull())
        return 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    qint64 near = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        for (int x = 0; x < rgb.width(); ++x) {
            const QColor c = rgb.pixelColor(x, y);
            near += std::abs(c.red() - colour.red()) <= tolerance && std::abs(c.green() - colour.green()) <= tolerance
                    && std::abs(c.blue() - colour.blue()) <= tolerance;
        }
    }
    return double(near) / double(rgb.width() * rgb.height());
}

} // namespace countersign::test::x11
