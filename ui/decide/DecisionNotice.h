#pragma once

#include "client/CachedApproval.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace countersign::ui {

// Why an approval on screen is not open for a decision, in one line for the decision panel: "Approved by max
// at 10:42", "Escalated to Director at 10:42: no longer yours to decide", "Expired at 09:00". Empty while it is
// pending and the user's. The reviewer reads it where the buttons are, so an item decided elsewhere under an
// open edit never looks decidable.
class DecisionNotice
{
    Q_DECLARE_TR_FUNCTIONS(DecisionNotice)
public:
    static QString of(const client::CachedApproval &approval);
    // The local time of an instant: the time alone today, date and time otherwise; empty for a null time.
    static QString when(const QDateTime &at);
};

} // namespace countersign::ui
