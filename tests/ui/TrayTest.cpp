// The tray: a new approval routed to the user raises exactly one notification, critical ones stand out, the
// count follows the queue, clicking the notification selects the item; paused means silent.
#include "UiFixture.h"

#include "detail/ApprovalDetailView.h"
#include "queue/FilterBar.h"
#include "tray/TrayController.h"

#include <QComboBox>
#include <QIcon>
#include <QImage>

namespace countersign::test {

class Tray : public UiFixture
{
};

// The app's icon (tray and window) comes from the UI library's resources: linked in, and drawn (the SVG
// icon engine is there), so the tray slot is not an empty square.
TEST(AppIcon, IsInTheUiLibraryAndDrawsTheArtwork)
{
    const QIcon icon(QStringLiteral(":/icons/countersign.svg"));
    ASSERT_FALSE(icon.isNull()) << "the icon resource is not linked into the program";
    const QImage image = icon.pixmap(32, 32).toImage().convertToFormat(QImage::Format_ARGB32);
    ASSERT_EQ(image.size(), QSize(32, 32));
    int opaque = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            opaque += qAlpha(image.pixel(x, y)) > 200 ? 1 : 0;
    // The artwork is a rounded blue square: most of the 32x32 pixels are painted.
    EXPECT_GT(opaque, 32 * 32 / 2);
    EXPECT_EQ(image.pixelColor(16, 4), QColor(0x15, 0x65, 0xc0)) << "the blue frame at the top";
}

TEST_F(Tray, ANewApprovalRaisesOneNotificationAndClickingItSelectsIt)
{
    submit(QStringLiteral("t-1"));
    ui::MainWindow &window = signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(window, 1));
    EXPECT_EQ(tray.pending, 1);
    EXPECT_TRUE(tray.shown.isEmpty()) << "what was there at sign-in is not news";

    const QString id = submit(QStringLiteral("t-2"), {{QStringLiteral("priority"), QStringLiteral("critical")}});
    // A later one as a marker: pushes arrive in order, so a second notification of t-2 would come before it.
    submit(QStringLiteral("t-3"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return tray.shown.size() >= 2; }, 10000));
    ASSERT_EQ(tray.shown.size(), 2);
    EXPECT_EQ(tray.shown.at(0).title, QStringLiteral("New approval: Launch email t-2"));
    EXPECT_EQ(tray.shown.at(0).urgency, ui::TrayIcon::Urgency::Critical);
    EXPECT_EQ(tray.shown.at(1).title, QStringLiteral("New approval: Launch email t-3"));
    EXPECT_EQ(tray.shown.at(1).urgency, ui::TrayIcon::Urgency::Normal);
    ASSERT_TRUE(QTest::qWaitFor([&] { return tray.pending == 3; }, 10000));

    // Clicking the notification (the last one, t-3) brings the window back with that item selected, even
    // when a filter hides it.
    window.hide();
    window.filters().priority().setCurrentIndex(window.filters().priority().findData(QStringLiteral("critical")));
    tray.click();
    EXPECT_TRUE(window.isVisible());
    ASSERT_TRUE(waitForDetail(window, window.currentApprovalId()));  // read from the cache on its thread
    EXPECT_EQ(window.detail().approval().taskId, QStringLiteral("t-3"));
    EXPECT_NE(window.currentApprovalId(), id);
}

TEST_F(Tray, PausedNotificationsStaySilentAndOtherUsersItemsNeverNotify)
{
    ui::MainWindow &window = signInAs(QStringLiteral("mia"));
    app->tray().setPaused(true);
    submit(QStringLiteral("t-1"));
    ASSERT_TRUE(waitForRows(window, 1));
    EXPECT_TRUE(tray.shown.isEmpty());
    app->tray().setPaused(false);
    // Routed to the CFO by the budget rule: mia (a Manager) never sees it.
    submit(QStringLiteral("t-2"), {{QStringLiteral("output"), QJsonObject{{QStringLiteral("budget"), 50000}}}});
    submit(QStringLiteral("t-3"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !tray.shown.isEmpty(); }, 10000));
    ASSERT_EQ(tray.shown.size(), 1);
    EXPECT_EQ(tray.shown.first().title, QStringLiteral("New approval: Launch email t-3"));
}

} // namespace countersign::test
