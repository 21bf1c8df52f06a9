#pragma once

#include <QCoreApplication>
#include <QString>

namespace countersign::ui {

// The user-visible, translated names of the protocol's words (status, priority, decision, event action).
class Labels
{
    Q_DECLARE_TR_FUNCTIONS(Labels)
public:
    static QString status(const QString &status);
    static QString priority(const QString &priority);
    static QString decision(const QString &decision);
    static QString action(const QString &action);
    // "3 h 20 min", "2 d 4 h", "45 s": a span of time (the sign is ignored).
    static QString duration(qint64 seconds);
    // "in 3 h 20 min", "in 45 s", "overdue by 2 h": the time left until `deadlineMs`.
    static QString countdown(qint64 deadlineMs, qint64 nowMs);
    // Why the server did not take a decision, in the user's language, from the error's `code` (docs/protocol.md
    // section 2: conflict, forbidden, not_found, invalid, revision_limit, unavailable...). The server's own
    // English `message` is used only for a code this version does not know.
    static QString refusal(const QString &code, const QString &serverMessage);
    // "42.9%" / "42,9 %": a share (0..1) as a percentage in the language's own way, one decimal.
    static QString percent(double share);
};

} // namespace countersign::ui
