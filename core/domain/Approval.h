#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace countersign {

enum class Status { Pending, Approved, Rejected, RevisionRequested, Expired, Cancelled };
enum class Priority { Low, Normal, High, Critical };

QString toString(Status s);
QString toString(Priority p);
std::optional<Status> statusFromString(const QString &s);
std::optional<Priority> priorityFromString(const QString &s);

// Once an approval leaves `pending` for one of these, the agent is told (callback, long poll release).
bool isAgentVisibleOutcome(Status s);
// No further decision can change it (revision_requested can still come back to pending).
bool isFinal(Status s);

// The decisions of docs/protocol.md section 3.
namespace decisions {
inline constexpr auto Approve = "approve";
inline constexpr auto ApproveWithEdits = "approve_with_edits";
inline constexpr auto Reject = "reject";
inline constexpr auto Revise = "revise";
QStringList all();
} // namespace decisions

struct Decision
{
    QString decision;
    QString feedback;
    QJsonValue output;  // the final output: the agent's own or the approver's edited one
    bool edited = false;
    QString decidedBy;
    QString role;
    QDateTime decidedAt;
    int version = 0;
    QString outcome;  // the offered outcome the approver chose (a CrewAI flow's emit), when there were any
};

// One earlier round of an approval (an element of Approval::revisions): the output the agent replaced, the
// feedback that sent it back and the agent's note on the next version.
struct Revision
{
    int version = 0;
    QJsonValue output;
    QString feedback;
    QString decidedBy;
    QString note;
    QDateTime revisedAt;
};

// What an event's details say for a reader of the history; each action carries some of these (docs/protocol.md,
// "Actions and their details"), the rest stay empty.
struct EventDetails
{
    QString decision;  // decided, forbidden_attempt
    bool edited = false;
    QString feedback;
    QString route;  // routed, forbidden_attempt
    QString note;   // revised
    QString rule;   // routed: the rule's name, empty for the default route
};

// One line of an approval's history and of the audit log.
struct Event
{
    qint64 seq = 0;
    QDateTime at;
    QString actor;
    QString action;
    QString approvalId;
    int version = 0;
    QJsonObject details;
    QString ip;
};

struct Approval
{
    // Identity
    QString id;
    QString taskId;
    QString source;
    // What the agent sent
    QString agent;
    QString title;
    QString type;
    Priority priority = Priority::Normal;
    QJsonValue output;
    QJsonObject context;
    QStringList criteria;
    QJsonObject metadata;
    QStringList allowedDecisions;  // empty = all
    int maxRevisions = 3;
    std::optional<qint64> timeoutS;
    QString callbackUrl;
    QString agentTimestamp;  // the submission's own `timestamp`, kept as sent
    QJsonObject extra;       // unknown top-level fields: kept and shown, never interpreted
    // How the decision goes back when it is not a Countersign callback (an approval made from a CrewAI AMP
    // webhook: {"kind", "response_token", "execution_id", "task_id", "emit"}). Stored with the approval and
    // never shown to approvers: it may hold the reply's credentials.
    QJsonObject integration;
    // State
    QString route;
    Status status = Status::Pending;
    int version = 1;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime expiresAt;  // null when the approval has no timeout
    int escalationLevel = 0;
    QStringList assignees;  // named approvers besides the route's role (escalation fallback approvers)
    QDateTime remindAt;     // when the SLA reminder is due; null once sent or when there is no timeout
    QJsonArray revisions;  // earlier rounds: {version, output, feedback, decided_by, note, revised_at}
    qint64 seq = 0;
    std::optional<Decision> decision;
    QList<Event> history;
};

// Whether `decision` is among the approval's allowed decisions (all of them when the list is empty).
bool allows(const Approval &a, const QString &decision);

} // namespace countersign
