#pragma once

#include "CallbackReceiver.h"
#include "TcpProxy.h"
#include "TestServer.h"

#include <QJsonObject>
#include <QUrl>

namespace countersign::test {

// The world the client, desktop and CLI tests play in: a real countersignd in-process (port 0, a temp data
// dir, the seed's routing unless a test asks for other policies) with the approver cast of addTeam() (mia and
// max: Manager, carl: CFO, ada: admin, aud: auditor), an agent signing as source crew-a whose approvals ask for
// a callback to a receiver on loopback, and a proxy in front of the server that a test can take away as a
// network would (refuse, freeze, drop). Approvers reach the server through the proxy: serverUrl().
//
// Fixtures inherit it beside ::testing::Test, so tests use its members by their plain names (server, agent,
// callbacks, proxy, submit...).
class Scenario
{
public:
    // `policies`: the policy sections of a config document (see usePolicies).
    explicit Scenario(const QByteArray &policies = SeedRouting);

    TestServer server;
    Agent agent{server};
    CallbackReceiver callbacks;
    TcpProxy proxy{server.server().port()};

    // The server as an approver's client reaches it: through the proxy.
    QUrl serverUrl() const;

    // A seed-style approval (the marketing email) titled "Launch email <taskId>", with one criterion and a
    // callback to `callbacks`; the keys of `extra` replace or add to it.
    QJsonObject submission(const QString &taskId, const QJsonObject &extra = {}) const;
    // Submits submission(taskId, extra) as the agent; the test fails unless it is accepted as new (202).
    // Returns the approval id.
    QString submit(const QString &taskId, const QJsonObject &extra = {});

    // The task as the agent reads it (status, decision, history...).
    QJsonObject task(const QString &taskId);
    // The approval id of a task once the server has it (for one submitted by another process).
    QString approvalOf(const QString &taskId);
    bool waitForStatus(const QString &taskId, const QString &status, int timeoutMs = 10000);
    // How many `decided` events the task has on the server.
    int decidedCount(const QString &taskId);

    // Until the agent's callback endpoint has received at least `n` requests.
    bool waitForCallbacks(int n, int timeoutMs = 10000);
    // The decision the agent's callback received last (empty if none).
    QJsonObject lastCallback() const;
};

} // namespace countersign::test
