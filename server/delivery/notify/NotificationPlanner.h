#pragma once

#include "auth/User.h"
#include "config/Config.h"
#include "domain/Approval.h"
#include "store/Delivery.h"

#include <QList>

namespace countersign::server {

class Redactor;

// Why approvers are told about an approval.
enum class NotifyReason { New, Revised, Escalated, Reminder };
QString toString(NotifyReason reason);

// Whether the desktop channel is on for this approval's priority (the hub then marks its push as one to
// notify about).
bool notifiesDesktop(const Config::Notifications &config, const Approval &a);

// The outbox messages that tell the approvers of `a` about it, as the channels configured for its priority
// say: one email to the route's approvers (and named assignees and configured addresses), one Slack message
// to the route's webhook. Everything in them is redacted. `skipped` collects why a channel sent nothing.
QList<Delivery> planNotifications(const Config::Notifications &config, const Approval &a, NotifyReason reason,
                                  const QList<User> &users, const Redactor &redactor, qint64 nowMs,
                                  QStringList *skipped);

} // namespace countersign::server
