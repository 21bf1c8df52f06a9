#include "CliCredentials.h"

#include "client/CredentialStore.h"
#include "client/KeychainCredentialStore.h"

namespace countersign::cli {

std::unique_ptr<client::CredentialStore> makeCredentialStore()
{
    if (qEnvironmentVariableIntValue("COUNTERSIGN_NO_KEYCHAIN") == 1)
        return std::make_unique<client::MemoryCredentialStore>();
    return std::make_unique<client::KeychainCredentialStore>(QStringLiteral("countersign-cli"));
}

QString userName(const QCommandLineParser &parser, const ApproverOptions &options)
{
    if (parser.isSet(options.user))
        return parser.value(options.user);
    const QString fromEnv = qEnvironmentVariable("COUNTERSIGN_USER");
    return fromEnv.isEmpty() ? qEnvironmentVariable("USER") : fromEnv;
}

} // namespace countersign::cli
