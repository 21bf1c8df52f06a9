#pragma once

#include "CliSupport.h"

#include <memory>

namespace countersign::client {
class CredentialStore;
}

namespace countersign::cli {

// Where the CLI keeps an approver's token: the system keychain under the service "countersign-cli" (apart
// from the desktop app's, so signing out of one leaves the other signed in). Where there is no keychain the
// token lives for this run only. COUNTERSIGN_NO_KEYCHAIN=1 skips the keychain (CI machines without a
// Secret Service, where asking for one only waits for D-Bus).
std::unique_ptr<client::CredentialStore> makeCredentialStore();

// --user, else $COUNTERSIGN_USER, else $USER.
QString userName(const QCommandLineParser &parser, const ApproverOptions &options);

} // namespace countersign::cli
