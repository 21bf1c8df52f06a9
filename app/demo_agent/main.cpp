// countersign-demo-agent: a stand-in for a CrewAI crew. Submits seed-style approvals, prints where they are,
// waits for the human decisions by long poll, and answers revision requests with a new version.

#include "SeedApprovals.h"
#include "agent/AgentClient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QTimer>

#include <cstdio>

using namespace countersign;

namespace {

void say(const QString &line)
{
    std::printf("[agent] %s\n", qUtf8Printable(line));
    std::fflush(stdout);
}

// Follows one task until it is final: long polls, and a revision for each "revise".
class TaskFollower final : public QObject
{
    Q_OBJECT
public:
    TaskFollower(AgentClient &client, QJsonObject submission, bool follow, QObject *parent)
        : QObject(parent), m_client(client), m_submission(std::move(submission)), m_follow(follow)
    {
    }

    void start()
    {
        m_client.submit(m_submission, [this](const AgentClient::Response &r) {
            if (!r.ok())
                return failed(QStringLiteral("submit refused: %1").arg(r.error));
            say(QStringLiteral("submitted %1 (%2) -> routed to %3, status %4")
                    .arg(taskId(), m_submission.value(QLatin1String("title")).toString(),
                         r.body.value(QLatin1String("route")).toString(), r.body.value(QLatin1String("status")).toString()));
            if (!m_follow)
                return Q_EMIT finished();
            poll();
        });
    }

Q_SIGNALS:
    void finished();

private:
    QString taskId() const { return m_submission.value(QLatin1String("task_id")).toString(); }

    void poll()
    {
        m_client.read(taskId(), 60, [this](const AgentClient::Response &r) {
            if (!r.ok()) {
                say(QStringLiteral("%1: %2; retrying in 2 s").arg(taskId(), r.error));
                QTimer::singleShot(2000, this, &TaskFollower::poll);
                return;
            }
            const QString status = r.body.value(QLatin1String("status")).toString();
            const QJsonObject decision = r.body.value(QLatin1String("decision")).toObject();
            if (status == QLatin1String("pending"))
                return poll();
            say(QStringLiteral("%1: %2 by %3%4").arg(taskId(), status, decision.value(QLatin1String("decided_by")).toString(),
                decision.value(QLatin1String("feedback")).toString().isEmpty() ? QString()
                    : QStringLiteral(" - \"%1\"").arg(decision.value(QLatin1String("feedback")).toString())));
            if (status == QLatin1String("revision_requested"))
                return revise(r.body);
            if (status == QLatin1String("approved"))
                say(QStringLiteral("%1: final output %2").arg(taskId(),
                    QString::fromUtf8(QJsonDocument(decision.value(QLatin1String("output")).toObject()).toJson(QJsonDocument::Compact))));
            Q_EMIT finished();
        });
    }

    void revise(const QJsonObject &approval)
    {
        const int round = approval.value(QLatin1String("version")).toInt();
        const QString feedback = approval.value(QLatin1String("decision")).toObject().value(QLatin1String("feedback")).toString();
        m_client.revise(taskId(), demo::revisedOutput(approval.value(QLatin1String("output")), feedback, round),
                        QStringLiteral("Reworked after feedback"), [this](const AgentClient::Response &r) {
            if (!r.ok())
                return failed(QStringLiteral("revision refused: %1").arg(r.error));
            say(QStringLiteral("%1: sent version %2").arg(taskId()).arg(r.body.value(QLatin1String("version")).toInt()));
            poll();
        });
    }

    void failed(const QString &why)
    {
        say(QStringLiteral("%1: %2").arg(taskId(), why));
        Q_EMIT finished();
    }

    AgentClient &m_client;
    QJsonObject m_submission;
    bool m_follow;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("countersign-demo-agent"));
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Submits seed-style approvals (a launch email, a price change, a contract) to countersignd, then waits\n"
        "for each decision and answers revision requests with a new version, like a crew would."));
    p.addHelpOption();
    p.addOption({QStringLiteral("server"), QStringLiteral("countersignd's URL."), QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:8765")});
    p.addOption({QStringLiteral("source"), QStringLiteral("The source id configured on the server."), QStringLiteral("ID"), QStringLiteral("demo-crew")});
    p.addOption({QStringLiteral("secret-env"), QStringLiteral("Environment variable holding the source's secret."), QStringLiteral("VAR"),
                 QStringLiteral("COUNTERSIGN_SECRET")});
    p.addOption({QStringLiteral("no-wait"), QStringLiteral("Submit and exit without waiting for decisions.")});
    p.process(app);

    const QByteArray secret = qgetenv(p.value(QStringLiteral("secret-env")).toLocal8Bit().constData());
    if (secret.isEmpty()) {
        std::fprintf(stderr, "countersign-demo-agent: set the source's secret in $%s\n", qUtf8Printable(p.value(QStringLiteral("secret-env"))));
        return 2;
    }
    const QUrl server(p.value(QStringLiteral("server")));
    if (!server.isValid() || server.scheme().isEmpty()) {
        std::fprintf(stderr, "countersign-demo-agent: --server must be a URL like http://127.0.0.1:8765\n");
        return 2;
    }
    AgentClient client(server, p.value(QStringLiteral("source")), secret);
    const QString runId = QDateTime::currentDateTimeUtc().toString(QStringLiteral("MMdd-hhmmss"));
    int open = 0;
    for (const QJsonObject &submission : demo::seedApprovals(runId)) {
        auto *follower = new TaskFollower(client, submission, !p.isSet(QStringLiteral("no-wait")), &app);
        ++open;
        QObject::connect(follower, &TaskFollower::finished, &app, [&open] {
            if (--open == 0)
                QCoreApplication::quit();
        });
        follower->start();
    }
    if (!p.isSet(QStringLiteral("no-wait")))
        say(QStringLiteral("waiting for decisions (Ctrl-C to stop)"));
    return app.exec();
}

#include "main.moc"
