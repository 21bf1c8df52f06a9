// countersign-reading-screenshots DIR: pictures of what the reviewer reads, to look at under Xvfb: the detail
// with a long contract in the reading view, the pop-out window, the edit review's word diff (light and dark)
// and the History's diff after "edit then approve". Widgets only, fed with sample approvals.
#include "common/Theme.h"
#include "decide/EditReviewDialog.h"
#include "detail/ApprovalDetailView.h"
#include "detail/HistoryView.h"
#include "detail/OutputView.h"
#include "detail/OutputWindow.h"

#include "protocol/ApprovalJson.h"
#include "time/Clock.h"

#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTabWidget>
#include <QTest>

#include <cstdio>

namespace {

bool save(QWidget &w, const QString &path)
{
    QTest::qWait(300);
    const bool ok = w.grab().save(path);
    std::printf("%s %s\n", ok ? "saved" : "FAILED", qPrintable(path));
    return ok;
}

QString contract()
{
    QString text = QStringLiteral("SUPPLY AGREEMENT\n\nThis agreement is made between Northwind Traders Ltd (the Buyer) and "
                                  "株式会社サンプル (the Supplier).\n\n");
    for (int i = 1; i <= 40; ++i)
        text += QStringLiteral("%1. The Supplier shall deliver the goods described in Schedule %1 in full, on time and in the "
                               "condition agreed, and shall bear the risk until delivery is accepted in writing by the Buyer.\n\n")
                    .arg(i);
    return text;
}

QJsonObject contractOutput()
{
    return {{QStringLiteral("contract_text"), contract()},
            {QStringLiteral("cc"), QJsonArray{QStringLiteral("legal@example.com"), QStringLiteral("cfo@example.com")}},
            {QStringLiteral("counterparty"), QJsonObject{{QStringLiteral("name"), QStringLiteral("株式会社サンプル")},
                                                         {QStringLiteral("city"), QStringLiteral("東京")},
                                                         {QStringLiteral("notice_ar"), QStringLiteral("يجب تسليم البضائع في الموعد المحدد")}}},
            {QStringLiteral("amount"), 125000},
            {QStringLiteral("currency"), QStringLiteral("EUR")}};
}

QJsonObject approval(const QJsonObject &output)
{
    return {{QStringLiteral("id"), QStringLiteral("a-1")},
            {QStringLiteral("title"), QStringLiteral("Supply agreement with 株式会社サンプル")},
            {QStringLiteral("agent"), QStringLiteral("Contract Drafter")},
            {QStringLiteral("priority"), QStringLiteral("high")},
            {QStringLiteral("route"), QStringLiteral("Legal")},
            {QStringLiteral("status"), QStringLiteral("pending")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("output"), output},
            {QStringLiteral("criteria"), QJsonArray{QStringLiteral("Liability capped"), QStringLiteral("Delivery terms clear")}}};
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::currentPath();
    QDir().mkpath(dir);
    countersign::SystemClock clock;
    bool ok = true;

    countersign::ui::ApprovalDetailView detail(clock);
    detail.resize(900, 720);
    detail.setApproval(countersign::json::approvalFromJson(approval(contractOutput())));
    detail.show();
    ok &= save(detail, dir + QStringLiteral("/reading-contract.png"));

    auto *window = detail.output().popOut();
    ok &= window && save(*window, dir + QStringLiteral("/reading-popout.png"));
    if (window)
        window->close();

    const QJsonObject before{{QStringLiteral("subject"), QStringLiteral("Meet us AT noon")},
                             {QStringLiteral("to"), QStringLiteral("team@example.com")},
                             {QStringLiteral("body"), contract()}};
    QJsonObject after = before;
    after.insert(QStringLiteral("subject"), QStringLiteral("Meet us AT, noon"));
    after.insert(QStringLiteral("body"), QString(contract().replace(QStringLiteral("Schedule 20 in full"), QStringLiteral("Schedule 20 in part"))
                                                     + QStringLiteral("P.S. Bring the signed copy to the meeting.")));
    {
        countersign::ui::EditReviewDialog review(before, after);
        review.show();
        ok &= save(review, dir + QStringLiteral("/review-diff.png"));
    }
    {
        countersign::ui::EditReviewDialog review(before, after);
        review.setPalette(countersign::ui::ThemeSwitcher::darkPalette());
        review.show();
        ok &= save(review, dir + QStringLiteral("/review-diff-dark.png"));
    }

    QJsonObject decided = approval(before);
    decided.insert(QStringLiteral("status"), QStringLiteral("approved"));
    decided.insert(QStringLiteral("decision"), QJsonObject{{QStringLiteral("decision"), QStringLiteral("approve_with_edits")},
                                                           {QStringLiteral("edited"), true},
                                                           {QStringLiteral("output"), after},
                                                           {QStringLiteral("decided_by"), QStringLiteral("max")},
                                                           {QStringLiteral("role"), QStringLiteral("Legal")},
                                                           {QStringLiteral("decided_at"), QStringLiteral("2026-12-03T10:42:00Z")}});
    detail.setApproval(countersign::json::approvalFromJson(decided));
    for (QTabWidget *tabs : detail.findChildren<QTabWidget *>()) {
        if (tabs->indexOf(&detail.history()) >= 0)
            tabs->setCurrentWidget(&detail.history());
    }
    ok &= save(detail, dir + QStringLiteral("/history-edited.png"));
    return ok ? 0 : 1;
}
