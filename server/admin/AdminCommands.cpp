#include "AdminCommands.h"

#include "AdminContext.h"
#include "approvals/ApprovalTransitions.h"
#include "protocol/ApprovalJson.h"
#include "store/Store.h"
#include "time/Clock.h"

#include <QCommandLineParser>
#include <QJsonDocument>

#include <cstdio>

namespace countersign::server {

namespace {
int fail(int code, const QString &message)
{
    std::fprintf(stderr, "countersignd decide: %s\n", qUtf8Printable(message));
    return code;
}
} // namespace

int runDecideCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Admin override: decides an approval directly in the database, recorded in its history as\n"
        "decided by \"admin-override\". A running server notices within a second: it releases\n"
        "waiting long polls and sends the callback.\n"
        "Exit codes: 0 decided, 2 usage or configuration error, 3 refused (not found, already decided, ...)."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("decide"), QStringLiteral("The command."));
    p.addPositionalArgument(QStringLiteral("TASK_ID"), QStringLiteral("The agent's task_id."));
    addAdminOptions(p);
    p.addOption({QStringLiteral("source"), QStringLiteral("The source that submitted the task (default: the only one)."), QStringLiteral("ID")});
    p.addOption({QStringLiteral("approve"), QStringLiteral("Approve the output as it is.")});
    p.addOption({QStringLiteral("reject"), QStringLiteral("Reject, saying why."), QStringLiteral("REASON")});
    p.addOption({QStringLiteral("revise"), QStringLiteral("Ask the agent for a revision."), QStringLiteral("FEEDBACK")});
    if (const auto done = parseAdmin(p, args, "decide"))
        return *done;
    if (p.positionalArguments().size() != 2)
        return fail(2, QStringLiteral("give exactly one TASK_ID (see countersignd decide --help)"));
    const int chosen = int(p.isSet(QStringLiteral("approve"))) + int(p.isSet(QStringLiteral("reject"))) + int(p.isSet(QStringLiteral("revise")));
    if (chosen != 1)
        return fail(2, QStringLiteral("give exactly one of --approve, --reject REASON, --revise FEEDBACK"));
    auto ctx = openAdmin(p, "decide");
    if (!ctx)
        return 2;
    const Config *config = &ctx->config;
    QString source = p.value(QStringLiteral("source"));
    if (source.isEmpty() && config->sources.size() == 1)
        source = config->sources.first().id;
    if (source.isEmpty())
        return fail(2, QStringLiteral("--source ID is required: the configuration has several sources"));

    DecisionRequest request;
    if (p.isSet(QStringLiteral("approve")))
        request.decision = QString::fromLatin1(decisions::Approve);
    else if (p.isSet(QStringLiteral("reject")))
        request.decision = QString::fromLatin1(decisions::Reject), request.feedback = p.value(QStringLiteral("reject"));
    else
        request.decision = QString::fromLatin1(decisions::Revise), request.feedback = p.value(QStringLiteral("revise"));

    SystemClock clock;
    Store &store = *ctx->store;
    Outcome outcome;
    try {
        const Redactor redactor(config->redaction);
        ChangeLog changes;  // nobody listens here: the running server picks the change up from the database
        StoreContext tx{store, clock, *config, redactor, changes};
        store.beginBatch();
        auto found = store.findByTask(source, p.positionalArguments().at(1));
        if (!found) {
            store.rollbackBatch();
            return fail(3, QStringLiteral("no approval with task_id \"%1\" from source \"%2\"").arg(p.positionalArguments().at(1), source));
        }
        request.approvalId = found->approval.id;
        outcome = ApprovalTransitions(tx).decide(request, {QStringLiteral("admin-override"), QStringLiteral("admin"), QStringLiteral("local")});
        store.commitBatch();
    } catch (const StoreError &e) {
        store.rollbackBatch();
        return fail(1, QString::fromStdString(e.what()));
    }
    if (const auto *e = std::get_if<ApiError>(&outcome))
        return fail(3, QStringLiteral("%1: %2").arg(e->code, e->message));
    const Approval &a = std::get<Applied>(outcome).approval;
    std::fputs(QJsonDocument(json::outcomeJson(a)).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}

} // namespace countersign::server
