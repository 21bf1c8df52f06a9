#include "SeedApprovals.h"

#include <QJsonArray>

namespace countersign::demo {

QList<QJsonObject> seedApprovals(const QString &runId)
{
    return {
        {
            {QStringLiteral("task_id"), QString(QStringLiteral("launch-email-") + runId)},
            {QStringLiteral("agent"), QStringLiteral("Marketing Copywriter")},
            {QStringLiteral("title"), QStringLiteral("Launch email: Introducing WalterSignal")},
            {QStringLiteral("type"), QStringLiteral("content")},
            {QStringLiteral("priority"), QStringLiteral("normal")},
            {QStringLiteral("output"), QJsonObject{
                {QStringLiteral("subject"), QStringLiteral("Introducing WalterSignal: see every signal, miss nothing")},
                {QStringLiteral("body"), QStringLiteral("Dear {{first_name}},\n\nWe're excited to announce WalterSignal, "
                                                        "the monitoring platform built for mid-market engineering teams. "
                                                        "Start a free 30-day trial today.\n\nThe WalterSignal team")}}},
            {QStringLiteral("context"), QJsonObject{{QStringLiteral("product"), QStringLiteral("WalterSignal")},
                                                    {QStringLiteral("audience"), QStringLiteral("Mid-market CTOs")},
                                                    {QStringLiteral("campaign"), QStringLiteral("Q1 2025 Launch")},
                                                    // A secret an agent should not pass on: approvers see it redacted.
                                                    {QStringLiteral("api_key"), QStringLiteral("sk-demo-4f9a8b7c6d5e4f3a2b1c")}}},
            {QStringLiteral("criteria"), QJsonArray{QStringLiteral("Matches the brand voice"),
                                                    QStringLiteral("No claims we cannot back up"),
                                                    QStringLiteral("Personalisation fields are correct")}},
            {QStringLiteral("timestamp"), QStringLiteral("2025-01-15T10:30:00Z")},
        },
        {
            {QStringLiteral("task_id"), QString(QStringLiteral("pricing-") + runId)},
            {QStringLiteral("agent"), QStringLiteral("Pricing Analyst")},
            {QStringLiteral("title"), QStringLiteral("Raise Pro plan to $49/month")},
            {QStringLiteral("type"), QStringLiteral("financial")},
            {QStringLiteral("priority"), QStringLiteral("high")},
            {QStringLiteral("output"), QJsonObject{
                {QStringLiteral("recommendation"), QStringLiteral("Raise the Pro plan from $39 to $49 per month for new customers")},
                {QStringLiteral("budget"), 12000},
                {QStringLiteral("expected_churn"), QStringLiteral("2-3%")},
                {QStringLiteral("rationale"), QStringLiteral("Competitors charge $55-$70; usage per seat grew 40% this year.")}}},
            {QStringLiteral("context"), QJsonObject{{QStringLiteral("product"), QStringLiteral("WalterSignal Pro")},
                                                    {QStringLiteral("quarter"), QStringLiteral("Q2 2025")}}},
            {QStringLiteral("criteria"), QJsonArray{QStringLiteral("Margin stays above 30%"),
                                                    QStringLiteral("Existing customers are grandfathered")}},
            {QStringLiteral("max_revisions"), 2},
        },
        {
            {QStringLiteral("task_id"), QString(QStringLiteral("contract-") + runId)},
            {QStringLiteral("agent"), QStringLiteral("Contract Drafter")},
            {QStringLiteral("title"), QStringLiteral("Reseller agreement with Northwind GmbH")},
            {QStringLiteral("type"), QStringLiteral("legal")},
            {QStringLiteral("priority"), QStringLiteral("high")},
            {QStringLiteral("output"), QJsonObject{
                {QStringLiteral("counterparty"), QStringLiteral("Northwind GmbH")},
                {QStringLiteral("term_months"), 24},
                {QStringLiteral("risk_level"), QStringLiteral("high")},
                {QStringLiteral("clauses"), QJsonArray{QStringLiteral("Exclusive reseller for DACH"),
                                                       QStringLiteral("Unlimited liability for data breaches"),
                                                       QStringLiteral("Auto-renewal for 12 months")}}}},
            {QStringLiteral("context"), QJsonObject{{QStringLiteral("region"), QStringLiteral("DACH")},
                                                    {QStringLiteral("deal_size"), QStringLiteral("EUR 240,000")}}},
            {QStringLiteral("criteria"), QJsonArray{QStringLiteral("Liability is capped"),
                                                    QStringLiteral("Governing law is acceptable")}},
            {QStringLiteral("allowed_decisions"), QJsonArray{QStringLiteral("approve"), QStringLiteral("reject"), QStringLiteral("revise")}},
        },
    };
}

QJsonValue revisedOutput(const QJsonValue &previous, const QString &feedback, int round)
{
    QJsonObject o = previous.isObject() ? previous.toObject() : QJsonObject{{QStringLiteral("text"), previous.toString()}};
    o.insert(QStringLiteral("revision_note"), QStringLiteral("Round %1: addressed \"%2\"").arg(round).arg(feedback));
    return o;
}

} // namespace countersign::demo
