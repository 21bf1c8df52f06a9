#include "Approval.h"

namespace countersign {

QString toString(Status s)
{
    switch (s) {
    case Status::Pending: return QStringLiteral("pending");
    case Status::Approved: return QStringLiteral("approved");
    case Status::Rejected: return QStringLiteral("rejected");
    case Status::RevisionRequested: return QStringLiteral("revision_requested");
    case Status::Expired: return QStringLiteral("expired");
    case Status::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

QString toString(Priority p)
{
    switch (p) {
    case Priority::Low: return QStringLiteral("low");
    case Priority::Normal: return QStringLiteral("normal");
    case Priority::High: return QStringLiteral("high");
    case Priority::Critical: return QStringLiteral("critical");
    }
    return {};
}

std::optional<Status> statusFromString(const QString &s)
{
    for (auto st : {Status::Pending, Status::Approved, Status::Rejected, Status::RevisionRequested,
                    Status::Expired, Status::Cancelled}) {
        if (toString(st) == s)
            return st;
    }
    return std::nullopt;
}

std::optional<Priority> priorityFromString(const QString &s)
{
    for (auto p : {Priority::Low, Priority::Normal, Priority::High, Priority::Critical}) {
        if (toString(p) == s)
            return p;
    }
    return std::nullopt;
}

bool isAgentVisibleOutcome(Status s)
{
    return s == Status::Approved || s == Status::Rejected || s == Status::RevisionRequested
        || s == Status::Expired;
}

bool isFinal(Status s)
{
    return s == Status::Approved || s == Status::Rejected || s == Status::Expired
        || s == Status::Cancelled;
}

bool allows(const Approval &a, const QString &decision)
{
    return a.allowedDecisions.isEmpty() || a.allowedDecisions.contains(decision);
}

QStringList decisions::all()
{
    return {QString::fromLatin1(Approve), QString::fromLatin1(ApproveWithEdits),
            QString::fromLatin1(Reject), QString::fromLatin1(Revise)};
}

} // namespace countersign
