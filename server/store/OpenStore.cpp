#include "OpenStore.h"

#include "PostgresConnection.h"
#include "PostgresStore.h"
#include "SqliteStore.h"

#include <QDir>

namespace countersign::server {

QString sqlitePath(const Config &config)
{
    return QDir(config.dataDir).filePath(QStringLiteral("countersign.db"));
}

bool isSharedDatabase(const Config &config)
{
    return config.database.driver == QLatin1String("postgres");
}

QString databaseName(const Config &config)
{
    return isSharedDatabase(config) ? postgres::masked(config.database.url) : sqlitePath(config);
}

std::unique_ptr<Store> makeStore(const Config &config, bool backgroundCheckpoints)
{
    if (isSharedDatabase(config))
        return std::make_unique<PostgresStore>(PostgresStore::Options{config.database.url, QString()});
    return std::make_unique<SqliteStore>(SqliteStore::Options{
        sqlitePath(config), config.database.synchronous == QLatin1String("full"), QString(), backgroundCheckpoints});
}

} // namespace countersign::server
