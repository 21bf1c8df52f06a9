#include "AgentCommands.h"

#include "CliSupport.h"
#include "DecisionWaiter.h"

#include "agent/AgentClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QJsonArray>
#include <QProcessEnvironment>
#include <QUuid>

#include <memory>

namespace countersign::cli {

namespace {

const QStringList Priorities{QStringLiteral("low"), QStringLiteral("normal"), QStringLiteral("high"), QStringLiteral("critical")};

// --server, --source and --secret-env: who the agent is and where it sends.
struct AgentOptions
{
    QCommandLineOption server{QStringLiteral("server"),
                              QStringLiteral("countersignd's address (default $COUNTERSIGN_SERVER, else http://127.0.0.1:8765)."),
                              QStringLiteral("url")};
    QCommandLineOption source{QStringLiteral("source"),
                              QStringLiteral("The webhook source id (default $COUNTERSIGN_SOURCE; may be left out when the server has one source)."),
                              QStringLiteral("id")};
    QCommandLineOption secretEnv{QStringLiteral("secret-env"),
                                 QStringLiteral("The environment variable holding the source's secret (default COUNTERSIGN_SECRET)."),
                                 QStringLiteral("var"), QStringLiteral("COUNTERSIGN_SECRET")};
    QCommandLineOption taskId{QStringLiteral("task-id"), QStringLiteral("The task's id, unique per source."), QStringLiteral("id")};
    void addTo(QCommandLineParser &p) const { p.addOptions({server, source, secretEnv, taskId}); }

    // The client, or nullptr after complaining (exit code Usage).
    std::unique_ptr<AgentClient> client(const QCommandLineParser &p) const
    {
        const auto url = serverUrl(p, server);
        if (!url)
            return nullptr;
        const QString var = p.value(secretEnv);
        const QByteArray secret = qgetenv(var.toLocal8Bit().constData());
        if (secret.isEmpty()) {
            complain(QStringLiteral("the source's secret is not set: put it in $%1 (or name another variable with --secret-env)").arg(var));
            return nullptr;
        }
        const QString id = p.isSet(source) ? p.value(source) : qEnvironmentVariable("COUNTERSIGN_SOURCE");
        return std::make_unique<AgentClient>(*url, id, secret);
    }
};

const QString ExitCodes = QStringLiteral(
    "\nWith --wait, the decision is printed as JSON and the exit code says what it was:\n"
    "  0 approved, 10 rejected, 11 revision requested, 12 expired, 13 cancelled,\n"
    "  2 usage error (nothing sent), 3 the server refused or could not be reached.\n"
    "A submission or revision the server cannot take just now (503, 429) is sent again after the Retry-After\n"
    "it gives, for up to 60 s (the same body: stored once however often it is sent).\n"
    "Waiting survives network errors (it retries with backoff); Ctrl+C stops waiting, the approval stays.\n");

// The --output file (JSON, or text sent as a string); nullopt after complaining.
std::optional<QJsonValue> readOutput(const QCommandLineParser &p, const QCommandLineOption &output)
{
    QString error;
    auto out = readJsonFile(p.value(output), true, &error);
    if (!out)
        complain(QStringLiteral("--output: ") + error);
    return out;
}

// Runs the event loop until a waiter (or an error) ends it.
int waitAndExit(AgentClient &client, const QString &taskId)
{
    DecisionWaiter waiter(client, taskId);
    QObject::connect(&waiter, &DecisionWaiter::finished, qApp, [](int code) { QCoreApplication::exit(code); });
    waiter.start();
    return QCoreApplication::exec();
}

// Sends one signed request; a refusal is one line and exit 3. On success, without --wait the answer is
// printed; with it, the decision is waited for (and its exit code returned).
int sendThenWait(AgentClient &client, const QString &taskId, bool waiting, const QString &what,
                 const std::function<void(AgentClient::Done)> &send)
{
    // "Not now" answers (the database restarting, a node draining, the source's rate limit) are retried: the
    // body is byte-identical, so a retry is stored once, and an agent script need not loop itself.
    constexpr qint64 RetryForMs = 60000;
    QElapsedTimer sending;
    sending.start();
    int code = -1;
    std::function<void(const AgentClient::Response &)> answered;
    answered = [&](const AgentClient::Response &r) {
        const bool notNow = r.status == 503 || r.status == 429;
        const qint64 delayMs = std::max(r.retryAfterS, 1) * qint64(1000);
        if (notNow && sending.elapsed() + delayMs <= RetryForMs) {
            complain(QStringLiteral("the server cannot take the %1 just now (%2); sending it again in %3 s")
                         .arg(what, r.error).arg(delayMs / 1000));
            QTimer::singleShot(delayMs, qApp, [&] { send(answered); });
            return;
        }
        if (!r.ok()) {
            complain(r.status == 0 ? unreachable(r.error)
                                   : QStringLiteral("the server refused the %1: %2").arg(what, r.error));
            code = ServerError;
        } else {
            if (waiting)
                complain(QStringLiteral("%1 accepted (route %2); waiting for the decision")
                             .arg(r.body.value(QLatin1String("task_id")).toString(), r.body.value(QLatin1String("route")).toString()));
            else
                printJson(r.body);
            code = Ok;
        }
        QCoreApplication::exit(code);
    };
    send(answered);
    QCoreApplication::exec();
    if (code != Ok || !waiting)
        return code;
    return waitAndExit(client, taskId);
}

} // namespace

int runSubmit(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Signs and submits an agent's work for approval.") + ExitCodes);
    AgentOptions agentOptions;
    agentOptions.addTo(p);
    const QCommandLineOption agent(QStringLiteral("agent"), QStringLiteral("The agent's name (required)."), QStringLiteral("name"));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("The work to approve: a JSON file, or \"-\" for standard input; text that is not JSON is sent as a string (required)."),
                                    QStringLiteral("file"));
    const QCommandLineOption context(QStringLiteral("context"), QStringLiteral("A JSON file with the context (product, audience...)."), QStringLiteral("file"));
    const QCommandLineOption title(QStringLiteral("title"), QStringLiteral("A title for the approver."), QStringLiteral("text"));
    const QCommandLineOption type(QStringLiteral("type"), QStringLiteral("financial, legal, content, code..."), QStringLiteral("type"));
    const QCommandLineOption priority(QStringLiteral("priority"), QStringLiteral("low, normal (default), high or critical."), QStringLiteral("priority"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Seconds the approval may wait before it escalates or expires."),
                                     QStringLiteral("seconds"));
    const QCommandLineOption criterion(QStringLiteral("criterion"), QStringLiteral("An approval criterion to show (repeat for more)."),
                                       QStringLiteral("text"));
    const QCommandLineOption callback(QStringLiteral("callback-url"), QStringLiteral("Where the server POSTs the decision."), QStringLiteral("url"));
    const QCommandLineOption maxRevisions(QStringLiteral("max-revisions"), QStringLiteral("Revision rounds allowed (default 3)."),
                                          QStringLiteral("n"));
    const QCommandLineOption wait(QStringLiteral("wait"), QStringLiteral("Wait for the decision, print it, and exit with its code."));
    p.addOptions({agent, output, context, title, type, priority, timeout, criterion, callback, maxRevisions, wait});
    if (!parse(p, args, 0, 0))
        return Usage;

    QJsonObject s;
    s.insert(QStringLiteral("task_id"), p.isSet(agentOptions.taskId) ? p.value(agentOptions.taskId)
                                                                      : QStringLiteral("cli-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (!p.isSet(agent) || p.value(agent).trimmed().isEmpty()) {
        complain(QStringLiteral("--agent is required (the agent's name)"));
        return Usage;
    }
    s.insert(QStringLiteral("agent"), p.value(agent));
    if (!p.isSet(output)) {
        complain(QStringLiteral("--output is required (a JSON file, or - for standard input)"));
        return Usage;
    }
    const auto out = readOutput(p, output);
    if (!out)
        return Usage;
    s.insert(QStringLiteral("output"), *out);
    QString error;
    if (p.isSet(context)) {
        const auto ctx = readJsonFile(p.value(context), false, &error);
        if (!ctx || !ctx->isObject()) {
            complain(QStringLiteral("--context: ") + (ctx ? QStringLiteral("must be a JSON object") : error));
            return Usage;
        }
        s.insert(QStringLiteral("context"), *ctx);
    }
    if (p.isSet(priority)) {
        if (!Priorities.contains(p.value(priority))) {
            complain(QStringLiteral("--priority must be one of %1").arg(Priorities.join(QStringLiteral(", "))));
            return Usage;
        }
        s.insert(QStringLiteral("priority"), p.value(priority));
    }
    for (const auto &[option, key] : {std::pair{&timeout, "timeout_s"}, std::pair{&maxRevisions, "max_revisions"}}) {
        if (!p.isSet(*option))
            continue;
        bool ok = false;
        const int n = p.value(*option).toInt(&ok);
        if (!ok || n < (option == &timeout ? 1 : 0)) {
            complain(QStringLiteral("--%1 must be a whole number%2").arg(option->names().first(),
                                                                          option == &timeout ? QStringLiteral(" of seconds above 0") : QString()));
            return Usage;
        }
        s.insert(QLatin1String(key), n);
    }
    if (p.isSet(title))
        s.insert(QStringLiteral("title"), p.value(title));
    if (p.isSet(type))
        s.insert(QStringLiteral("type"), p.value(type));
    if (p.isSet(callback))
        s.insert(QStringLiteral("callback_url"), p.value(callback));
    if (p.isSet(criterion))
        s.insert(QStringLiteral("criteria"), QJsonArray::fromStringList(p.values(criterion)));

    const std::unique_ptr<AgentClient> client = agentOptions.client(p);
    if (!client)
        return Usage;
    return sendThenWait(*client, s.value(QLatin1String("task_id")).toString(), p.isSet(wait), QStringLiteral("submission"),
                        [&client, &s](AgentClient::Done done) { client->submit(s, std::move(done)); });
}

int runRevise(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Sends a new version of a task's work after a revision request.") + ExitCodes);
    AgentOptions agentOptions;
    agentOptions.addTo(p);
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("The new work: a JSON file, or \"-\" (required)."),
                                    QStringLiteral("file"));
    const QCommandLineOption note(QStringLiteral("note"), QStringLiteral("What changed, for the approver."), QStringLiteral("text"));
    const QCommandLineOption wait(QStringLiteral("wait"), QStringLiteral("Wait for the decision on the new version."));
    p.addOptions({output, note, wait});
    if (!parse(p, args, 0, 0))
        return Usage;
    if (!p.isSet(agentOptions.taskId) || !p.isSet(output)) {
        complain(QStringLiteral("--task-id and --output are required"));
        return Usage;
    }
    const auto out = readOutput(p, output);
    if (!out)
        return Usage;
    const std::unique_ptr<AgentClient> client = agentOptions.client(p);
    if (!client)
        return Usage;
    const QString taskId = p.value(agentOptions.taskId);
    return sendThenWait(*client, taskId, p.isSet(wait), QStringLiteral("revision"),
                        [&client, &taskId, &out, &p, &note](AgentClient::Done done) {
                            client->revise(taskId, *out, p.value(note), std::move(done));
                        });
}

int runWait(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Waits for the decision on a submitted task.") + ExitCodes);
    AgentOptions agentOptions;
    agentOptions.addTo(p);
    if (!parse(p, args, 0, 0))
        return Usage;
    if (!p.isSet(agentOptions.taskId)) {
        complain(QStringLiteral("--task-id is required"));
        return Usage;
    }
    const std::unique_ptr<AgentClient> client = agentOptions.client(p);
    if (!client)
        return Usage;
    return waitAndExit(*client, p.value(agentOptions.taskId));
}

} // namespace countersign::cli
