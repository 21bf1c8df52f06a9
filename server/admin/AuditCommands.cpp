#include "AdminCommands.h"
#include "AdminContext.h"

#include "protocol/ApprovalJson.h"
#include "AuditVerify.h"

#include <QFile>
#include <QJsonDocument>

#include <cstdio>

namespace countersign::server {

namespace {

constexpr const char *Cmd = "audit";

QByteArray csvField(const QString &s)
{
    QByteArray v = s.toUtf8();
    if (v.contains(',') || v.contains('"') || v.contains('\n'))
        v = '"' + v.replace("\"", "\"\"") + '"';
    return v;
}

} // namespace

int runAuditCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "The audit log (every event, SHA-256 hash-chained):\n"
        "  countersignd audit verify --config FILE        exit 0 when intact; else names the first bad entry, exit 4\n"
        "  countersignd audit export --format jsonl|csv [--output FILE] --config FILE"));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("audit"), QStringLiteral("The command."));
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("verify or export."));
    addAdminOptions(p);
    p.addOption({QStringLiteral("format"), QStringLiteral("jsonl (default) or csv."), QStringLiteral("FORMAT"), QStringLiteral("jsonl")});
    p.addOption({QStringLiteral("output"), QStringLiteral("Write to FILE instead of standard output."), QStringLiteral("FILE")});
    if (const auto done = parseAdmin(p, args, Cmd))
        return *done;
    const QString action = p.positionalArguments().value(1);
    const QString format = p.value(QStringLiteral("format"));
    if (action != QLatin1String("verify") && action != QLatin1String("export"))
        return adminFail(Cmd, 2, QStringLiteral("usage: countersignd audit verify|export ... (see --help)"));
    if (format != QLatin1String("jsonl") && format != QLatin1String("csv"))
        return adminFail(Cmd, 2, QStringLiteral("--format must be jsonl or csv"));
    auto ctx = openAdmin(p, Cmd);
    if (!ctx)
        return 2;

    QFile out;
    if (action == QLatin1String("export")) {
        if (p.isSet(QStringLiteral("output"))) {
            out.setFileName(p.value(QStringLiteral("output")));
            if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return adminFail(Cmd, 2, QStringLiteral("cannot write %1: %2").arg(out.fileName(), out.errorString()));
        } else if (!out.open(stdout, QIODevice::WriteOnly)) {
            return adminFail(Cmd, 1, QStringLiteral("cannot write to standard output"));
        }
        if (format == QLatin1String("csv"))
            out.write("seq,at,actor,action,approval_id,version,ip,details,prev_hash,hash\n");
    }

    try {
        if (action == QLatin1String("verify")) {
            qint64 count = 0;
            if (const std::optional<QString> broken = findBrokenAuditEntry(*ctx->store, &count)) {
                std::printf("%s\n", qUtf8Printable(*broken));
                return 4;
            }
            std::printf("audit log intact: %lld entries\n", count);
            return 0;
        }
        qint64 after = 0;
        for (;;) {
            const QList<AuditEntry> page = ctx->store->auditAfter(after, 2000);
            for (const AuditEntry &e : page) {
                if (format == QLatin1String("jsonl")) {
                    QJsonObject o = json::toJson(e.event);
                    o.insert(QStringLiteral("prev_hash"), QString::fromLatin1(e.prevHash));
                    o.insert(QStringLiteral("hash"), QString::fromLatin1(e.hash));
                    out.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
                } else {
                    out.write(QByteArray::number(e.event.seq) + ',' + json::time(e.event.at).toString().toUtf8() + ','
                              + csvField(e.event.actor) + ',' + csvField(e.event.action) + ',' + csvField(e.event.approvalId)
                              + ',' + QByteArray::number(e.event.version) + ',' + csvField(e.event.ip) + ','
                              + csvField(QString::fromUtf8(QJsonDocument(e.event.details).toJson(QJsonDocument::Compact)))
                              + ',' + e.prevHash + ',' + e.hash + '\n');
                }
                after = e.event.seq;
            }
            if (page.size() < 2000)
                break;
        }
    } catch (const StoreError &e) {
        return adminFail(Cmd, 1, QString::fromStdString(e.what()));
    }
    return 0;
}

} // namespace countersign::server
