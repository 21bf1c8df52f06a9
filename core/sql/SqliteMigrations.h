#pragma once

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <initializer_list>
#include <span>

namespace countersign::sql {

// One version of a schema: the statements that bring the version before it to this one. Steps are only ever
// added, never edited, so that every database written by an older build can still be brought up to date.
struct SchemaStep
{
    int version = 0;
    std::span<const char *const> statements;
};

// Brings `db` to the last step's version in one transaction (all steps or none): reads PRAGMA user_version,
// runs every step newer than it, in order, and records the new version. A database from a newer build is
// refused with `tooNew(found, supported)`. Returns an empty string when done, else why nothing changed.
// The server's store and the desktop's cache both migrate through it.
QString migrate(QSqlDatabase &db, std::initializer_list<SchemaStep> steps,
                const std::function<QString(int found, int supported)> &tooNew);

} // namespace countersign::sql
