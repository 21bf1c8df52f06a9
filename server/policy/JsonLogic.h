#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

// JSON Logic (jsonlogic.com): the rule language of routing.rules[].if. A rule is plain JSON, portable between
// implementations and checked against the public conformance suite. Semantics follow the reference
// implementation (json-logic-js), including JavaScript's loose equality and truthiness, except that an empty
// array is false.
namespace countersign::server::jsonlogic {

// Why `rule` cannot be evaluated (an unknown operator, an operator spelled wrongly), or nothing when it can.
// Every rule is checked once when the configuration is read, so evaluation never meets an unknown operator.
std::optional<QString> validate(const QJsonValue &rule);

// Evaluates `rule` against `data`. Never throws; an unknown operator (only possible without validate()) gives null.
QJsonValue apply(const QJsonValue &rule, const QJsonValue &data);

// JSON Logic's truthiness: false, null, 0, "" and [] are false; everything else is true.
bool truthy(const QJsonValue &value);

} // namespace countersign::server::jsonlogic
