#pragma once

#include "domain/Approval.h"

#include <QJsonObject>

namespace countersign::json {

// RFC 3339 UTC with second precision ("2025-01-15T10:30:00Z"), or null for a null time.
QJsonValue time(const QDateTime &t);
QDateTime parseTime(const QString &s);

// Who is reading decides what is in the object: the agent sees its callback_url, approvers do not.
enum class View { Agent, Approver };

QJsonObject toJson(const Decision &d);
QJsonObject toJson(const Event &e);
QJsonObject toJson(const Approval &a, View view);

std::optional<Decision> decisionFromJson(const QJsonObject &o);
Event eventFromJson(const QJsonObject &o);
// The inverse of toJson(a, View::Agent); used by clients and by the store's document column.
Approval approvalFromJson(const QJsonObject &o);

// The parts of an approval that stay JSON in Approval and Event (the server stores and sends them as they are),
// parsed for a reader: the earlier rounds of Approval::revisions and what an event's details say.
QList<Revision> revisionsFromJson(const QJsonArray &revisions);
EventDetails eventDetailsFromJson(const QJsonObject &details);

// What a callback POSTs and a finished long poll reports: the decision plus where it belongs.
QJsonObject outcomeJson(const Approval &a);

// Readers of an approval object as clients receive it (the desktop, the CLI):
// whether `decision` is among its allowed_decisions (all when the list is empty or missing),
bool allows(const QJsonObject &approval, const QString &decision);
// and the outcomes its agent offers to choose from (a CrewAI flow's emit, in metadata.crewai_outcomes).
QStringList offeredOutcomes(const QJsonObject &approval);
QStringList offeredOutcomes(const Approval &approval);
// A scalar (string, number, bool, null) as JSON text, which QJsonDocument cannot write on its own.
QByteArray scalarJson(const QJsonValue &value);

// The protocol's error shape: {"error":{"code","message","field"?}}.
QJsonObject error(const QString &code, const QString &message, const QString &field = {});

} // namespace countersign::json
