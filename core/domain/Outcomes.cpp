#include "Outcomes.h"

#include "Approval.h"

#include <QRegularExpression>

namespace countersign::outcomes {

namespace {

const QRegularExpression &rejectLike()
{
    static const QRegularExpression re(QStringLiteral("reject|deny|denied|declin|refus|^no\\b|stop|cancel|block"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &reviseLike()
{
    static const QRegularExpression re(QStringLiteral("revis|change|edit|rework|improv|fix|retry|redo"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

const QRegularExpression &approveLike()
{
    static const QRegularExpression re(QStringLiteral("approv|accept|^ok\\b|yes|publish|continue|proceed|lgtm"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

} // namespace

QString decisionFor(const QString &outcome)
{
    if (rejectLike().match(outcome).hasMatch())
        return QString::fromLatin1(decisions::Reject);
    if (reviseLike().match(outcome).hasMatch())
        return QString::fromLatin1(decisions::Revise);
    return QString::fromLatin1(decisions::Approve);
}

QString outcomeFor(const QString &decision, const QStringList &offered)
{
    const bool approving = decision == QLatin1String(decisions::Approve) || decision == QLatin1String(decisions::ApproveWithEdits);
    const QRegularExpression &re = approving ? approveLike()
                                   : decision == QLatin1String(decisions::Reject) ? rejectLike() : reviseLike();
    for (const QString &o : offered) {
        if (re.match(o).hasMatch())
            return o;
    }
    return {};
}

} // namespace countersign::outcomes
