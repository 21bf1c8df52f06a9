#include "ApproverCommands.h"

#include "ApprovalText.h"
#include "ApproverSignIn.h"
#include "CliSupport.h"
#include "CliCredentials.h"

#include "client/ApproverClient.h"
#include "client/CredentialStore.h"
#include "client/RestFailure.h"
#include "domain/Outcomes.h"
#include "time/Clock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

#include <memory>

namespace countersign::cli {

namespace {

// One signed-in approver for one command: signs in (or reuses the kept token), runs a call, and when the
// server no longer takes a kept token, signs in again once and repeats the call.
class ApproverCall
{
public:
    using Call = std::function<void(client::ApproverClient &, client::ApproverClient::Done)>;

    ApproverCall(const QCommandLineParser &p, const ApproverOptions &o, const QUrl &server)
        : m_client(server)
        , m_credentials(makeCredentialStore())
        , m_signIn(m_client, *m_credentials, userName(p, o), p.value(o.passwordEnv))
    {
    }

    // Runs `call` and returns its answer; nullopt (after complaining) when signing in failed.
    std::optional<client::RestAnswer> run(const Call &call)
    {
        std::optional<client::RestAnswer> answer;
        bool failed = false;
        m_signIn.start([&](const QByteArray &token, const QString &error) {
            if (token.isEmpty()) {
                complain(error);
                failed = true;
                return QCoreApplication::exit();
            }
            call(m_client, [&](const client::RestAnswer &a) {
                if (a.status != 401 || m_renewed) {
                    answer = a;
                    return QCoreApplication::exit();
                }
                m_renewed = true;
                m_signIn.renew([&](const QByteArray &fresh, const QString &why) {
                    if (fresh.isEmpty()) {
                        complain(why);
                        failed = true;
                        return QCoreApplication::exit();
                    }
                    call(m_client, [&](const client::RestAnswer &again) {
                        answer = again;
                        QCoreApplication::exit();
                    });
                });
            });
        });
        QCoreApplication::exec();
        if (failed)
            return std::nullopt;
        return answer;
    }

    client::ApproverClient &client() { return m_client; }
    client::CredentialStore &credentials() { return *m_credentials; }
    ApproverSignIn &signIn() { return m_signIn; }

private:
    client::ApproverClient m_client;
    std::unique_ptr<client::CredentialStore> m_credentials;
    ApproverSignIn m_signIn;
    bool m_renewed = false;
};

// The exit code and a line for a refused or failed call (the desktop's sentence for it, after what failed).
int failure(const client::RestAnswer &a, const QUrl &server, const QString &what)
{
    complain(QStringLiteral("%1: %2").arg(what, client::RestFailure::text(a, server)));
    return a.status == 0 || a.status >= 500 ? ServerError : Refused;
}

} // namespace

int runQueue(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Lists the approvals in your queue (the routes of your roles), oldest first."));
    ApproverOptions o;
    o.addTo(p);
    const QCommandLineOption status(QStringLiteral("status"), QStringLiteral("Comma-separated statuses (default pending)."),
                                    QStringLiteral("list"), QStringLiteral("pending"));
    const QCommandLineOption route(QStringLiteral("route"), QStringLiteral("Only these routes (comma-separated)."), QStringLiteral("list"));
    const QCommandLineOption search(QStringLiteral("search"), QStringLiteral("Only those whose text contains this."), QStringLiteral("text"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the server's JSON instead of a table."));
    p.addOptions({status, route, search, json});
    if (!parse(p, args, 0, 0))
        return Usage;
    const auto server = serverUrl(p, o.server);
    if (!server)
        return Usage;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("status"), p.value(status));
    if (p.isSet(route))
        query.addQueryItem(QStringLiteral("route"), p.value(route));
    if (p.isSet(search))
        query.addQueryItem(QStringLiteral("q"), p.value(search));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
    ApproverCall call(p, o, *server);
    const auto a = call.run([&query](client::ApproverClient &c, client::ApproverClient::Done done) { c.queue(query, std::move(done)); });
    if (!a)
        return ServerError;
    if (!a->ok())
        return failure(*a, *server, QStringLiteral("cannot read the queue"));
    const QJsonArray items = a->body.value(QLatin1String("items")).toArray();
    if (p.isSet(json)) {
        printJson(items);
        return Ok;
    }
    if (items.isEmpty()) {
        print(QStringLiteral("Nothing in your queue.\n"));
        return Ok;
    }
    QString table = approvalText::tableHeader();
    const qint64 now = SystemClock().nowMs();
    for (const QJsonValue &v : items)
        table += approvalText::tableRow(v.toObject(), now);
    print(table);
    return Ok;
}

int runShow(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Shows one approval: the output, context, criteria and history."));
    p.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The approval's id (as `countersign queue` lists it)."));
    ApproverOptions o;
    o.addTo(p);
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the approval's JSON."));
    p.addOption(json);
    if (!parse(p, args, 1, 1))
        return Usage;
    const auto server = serverUrl(p, o.server);
    if (!server)
        return Usage;
    const QString id = p.positionalArguments().first();
    ApproverCall call(p, o, *server);
    const auto a = call.run([&id](client::ApproverClient &c, client::ApproverClient::Done done) { c.approval(id, std::move(done)); });
    if (!a)
        return ServerError;
    if (!a->ok())
        return failure(*a, *server, QStringLiteral("cannot show %1").arg(id));
    if (p.isSet(json))
        printJson(a->body);
    else
        print(approvalText::full(a->body, SystemClock().nowMs(), true));
    return Ok;
}

int runDecide(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Decides one approval: --approve (with --output FILE to approve your edited version), --reject REASON or\n"
        "--revise FEEDBACK. Exit code 0 when taken, 4 when not (already decided, not yours, not allowed)."));
    p.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The approval's id."));
    ApproverOptions o;
    o.addTo(p);
    const QCommandLineOption approve(QStringLiteral("approve"), QStringLiteral("Approve."));
    const QCommandLineOption edited(QStringLiteral("output"), QStringLiteral("With --approve: your edited output (a JSON file, or -)."),
                                    QStringLiteral("file"));
    const QCommandLineOption reject(QStringLiteral("reject"), QStringLiteral("Reject, with the reason."), QStringLiteral("reason"));
    const QCommandLineOption revise(QStringLiteral("revise"), QStringLiteral("Send back for another round, with feedback."),
                                    QStringLiteral("feedback"));
    const QCommandLineOption outcome(QStringLiteral("outcome"),
                                     QStringLiteral("Decide by one of the outcomes the agent offers (a CrewAI flow's emit, as `show` lists them); "
                                                    "with --feedback for the agent."),
                                     QStringLiteral("name"));
    const QCommandLineOption feedbackOption(QStringLiteral("feedback"), QStringLiteral("With --outcome: feedback for the agent."),
                                            QStringLiteral("text"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the decided approval's JSON."));
    p.addOptions({approve, edited, reject, revise, outcome, feedbackOption, json});
    if (!parse(p, args, 1, 1))
        return Usage;
    const int chosen = int(p.isSet(approve)) + int(p.isSet(reject)) + int(p.isSet(revise)) + int(p.isSet(outcome));
    if (chosen != 1) {
        complain(QStringLiteral("choose one of --approve, --reject REASON, --revise FEEDBACK, --outcome NAME"));
        return Usage;
    }
    QJsonObject body{{QStringLiteral("request_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)}};
    if (p.isSet(outcome)) {
        const QString decision = outcomes::decisionFor(p.value(outcome));
        const QString feedback = p.value(feedbackOption).trimmed();
        if (decision != QLatin1String("approve") && feedback.isEmpty()) {
            complain(QStringLiteral("--outcome %1 needs --feedback for the agent").arg(p.value(outcome)));
            return Usage;
        }
        body.insert(QStringLiteral("decision"), decision);
        body.insert(QStringLiteral("outcome"), p.value(outcome));
        body.insert(QStringLiteral("feedback"), feedback);
    } else if (p.isSet(approve)) {
        body.insert(QStringLiteral("decision"), QStringLiteral("approve"));
        if (p.isSet(edited)) {
            QString error;
            const auto out = readJsonFile(p.value(edited), true, &error);
            if (!out) {
                complain(QStringLiteral("--output: ") + error);
                return Usage;
            }
            body.insert(QStringLiteral("decision"), QStringLiteral("approve_with_edits"));
            body.insert(QStringLiteral("output"), *out);
        }
    } else {
        const bool rejecting = p.isSet(reject);
        const QString feedback = (rejecting ? p.value(reject) : p.value(revise)).trimmed();
        if (feedback.isEmpty()) {
            complain(rejecting ? QStringLiteral("--reject needs a reason") : QStringLiteral("--revise needs feedback for the agent"));
            return Usage;
        }
        body.insert(QStringLiteral("decision"), rejecting ? QStringLiteral("reject") : QStringLiteral("revise"));
        body.insert(QStringLiteral("feedback"), feedback);
    }
    const auto server = serverUrl(p, o.server);
    if (!server)
        return Usage;
    const QString id = p.positionalArguments().first();
    ApproverCall call(p, o, *server);
    // The version seen now goes with the decision: if the agent sent a new one meanwhile, it is a conflict,
    // never a decision on a version nobody read.
    const auto current = call.run([&id](client::ApproverClient &c, client::ApproverClient::Done done) { c.approval(id, std::move(done)); });
    if (!current)
        return ServerError;
    if (!current->ok())
        return failure(*current, *server, QStringLiteral("cannot decide %1").arg(id));
    body.insert(QStringLiteral("version"), current->body.value(QLatin1String("version")).toInt());
    const auto a = call.run([&id, &body](client::ApproverClient &c, client::ApproverClient::Done done) { c.decide(id, body, std::move(done)); });
    if (!a)
        return ServerError;
    if (!a->ok())
        return failure(*a, *server, QStringLiteral("not taken"));
    const QJsonObject approval = a->body.value(QLatin1String("approval")).toObject();
    if (p.isSet(json))
        printJson(approval);
    else
        print(QStringLiteral("%1: %2\n").arg(approval.value(QLatin1String("title")).toString(),
                                            approval.value(QLatin1String("status")).toString()));
    return Ok;
}

int runLogout(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Signs out: revokes the kept token on the server and forgets it."));
    ApproverOptions o;
    o.addTo(p);
    if (!parse(p, args, 0, 0))
        return Usage;
    const auto server = serverUrl(p, o.server);
    if (!server)
        return Usage;
    client::ApproverClient client(*server);
    const std::unique_ptr<client::CredentialStore> credentials = makeCredentialStore();
    const QString key = client::CredentialStore::keyFor(server->toString(), userName(p, o));
    std::optional<QByteArray> token;
    credentials->load(key, [&token](std::optional<QByteArray> t) {
        token = t.value_or(QByteArray());
        QCoreApplication::exit();
    });
    QCoreApplication::exec();
    if (!token || token->isEmpty()) {
        print(QStringLiteral("Not signed in.\n"));
        return Ok;
    }
    client.setToken(*token);
    client.logout([](const client::RestAnswer &) { QCoreApplication::exit(); });
    QCoreApplication::exec();
    credentials->remove(key);
    print(QStringLiteral("Signed out.\n"));
    return Ok;
}

} // namespace countersign::cli
