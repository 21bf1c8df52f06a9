#include "CliSupport.h"

#include "protocol/ApprovalJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonDocument>
#include <QProcessEnvironment>

#include <cstdio>

namespace countersign::cli {

int exitCodeFor(const QString &status)
{
    if (status == QLatin1String("approved"))
        return Ok;
    if (status == QLatin1String("rejected"))
        return Rejected;
    if (status == QLatin1String("revision_requested"))
        return RevisionRequested;
    if (status == QLatin1String("expired"))
        return Expired;
    if (status == QLatin1String("cancelled"))
        return Cancelled;
    return ServerError;
}

QString unreachable(const QString &error)
{
    const bool tls = error.contains(QLatin1String("SSL"), Qt::CaseInsensitive) || error.contains(QLatin1String("certificate"), Qt::CaseInsensitive);
    return QStringLiteral("cannot reach the server: %1%2")
        .arg(error, tls ? QStringLiteral(" (for a server with a private CA or a self-signed certificate, set COUNTERSIGN_CA_FILE to the CA's PEM file)")
                        : QString());
}

void complain(const QString &message)
{
    std::fprintf(stderr, "countersign: %s\n", qUtf8Printable(message));
    std::fflush(stderr);
}

void print(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

void printJson(const QJsonValue &value)
{
    QByteArray json;
    if (value.isObject())
        json = QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
    else if (value.isArray())
        json = QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented);
    else
        json = json::scalarJson(value) + '\n';
    std::fwrite(json.constData(), 1, std::size_t(json.size()), stdout);
    std::fflush(stdout);
}

std::optional<QJsonValue> readJsonFile(const QString &path, bool textAllowed, QString *error)
{
    QFile file;
    bool opened = false;
    if (path == QLatin1String("-"))
        opened = file.open(stdin, QIODevice::ReadOnly);
    else {
        file.setFileName(path);
        opened = file.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        *error = QStringLiteral("cannot read %1: %2").arg(path == QLatin1String("-") ? QStringLiteral("standard input") : path,
                                                         file.errorString());
        return std::nullopt;
    }
    const QByteArray data = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error == QJsonParseError::NoError)
        return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    if (textAllowed && !data.trimmed().startsWith('{') && !data.trimmed().startsWith('['))
        return QJsonValue(QString::fromUtf8(data));
    *error = QStringLiteral("%1 is not valid JSON: %2 at byte %3").arg(path).arg(parseError.errorString()).arg(parseError.offset);
    return std::nullopt;
}

std::optional<QUrl> serverUrl(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    QString text = parser.value(option);
    if (text.isEmpty())
        text = QProcessEnvironment::systemEnvironment().value(QStringLiteral("COUNTERSIGN_SERVER"), QStringLiteral("http://127.0.0.1:8765"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        complain(QStringLiteral("--server: not an http(s) address: %1").arg(text));
        return std::nullopt;
    }
    return url;
}

bool parse(QCommandLineParser &parser, const QStringList &args, int minPositional, int maxPositional)
{
    parser.addHelpOption();
    if (!parser.parse(args)) {
        complain(parser.errorText() + QStringLiteral(" (see --help)"));
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(Ok);
    const qsizetype n = parser.positionalArguments().size();
    if (n < minPositional || n > maxPositional) {
        complain(n < minPositional ? QStringLiteral("missing argument (see --help)")
                                   : QStringLiteral("unexpected argument \"%1\" (see --help)").arg(parser.positionalArguments().at(maxPositional)));
        return false;
    }
    return true;
}

} // namespace countersign::cli
