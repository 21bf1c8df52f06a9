// An address in the metadata or context opens in the browser (issue 13: "the URL in Metadata is not clickable").
#include "detail/JsonTree.h"

#include <QDesktopServices>
#include <QJsonObject>
#include <QTest>

#include <gtest/gtest.h>

namespace countersign::test {

namespace {
// Stands in for the browser: QDesktopServices hands it the links of the schemes it is registered for.
class LinkCatcher final : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
    Q_INVOKABLE void open(const QUrl &url) { opened.append(url); }
};
} // namespace

TEST(MetadataLinks, AnAddressIsALinkThatOpensInTheBrowser)
{
    LinkCatcher browser;
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &browser, "open");
    ui::JsonTree tree;
    tree.setJson(QJsonObject{{QStringLiteral("ticket"), QStringLiteral("https://tracker.example.com/T-42")},
                             {QStringLiteral("note"), QStringLiteral("not a link: https:// alone")}});
    tree.resize(600, 300);
    tree.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&tree));

    const QList<QTreeWidgetItem *> notes = tree.findItems(QStringLiteral("note"), Qt::MatchExactly, 0);
    const QList<QTreeWidgetItem *> tickets = tree.findItems(QStringLiteral("ticket"), Qt::MatchExactly, 0);
    ASSERT_EQ(notes.size(), 1);
    ASSERT_EQ(tickets.size(), 1);
    EXPECT_TRUE(tickets.first()->font(1).underline()) << "it looks like a link";
    QTest::mouseClick(tree.viewport(), Qt::LeftButton, {}, tree.visualItemRect(notes.first()).topRight() + QPoint(-20, 5));
    EXPECT_TRUE(browser.opened.isEmpty()) << "plain text opens nothing";
    const QRect cell = tree.visualRect(tree.model()->index(tree.indexOfTopLevelItem(tickets.first()), 1));
    QTest::mouseClick(tree.viewport(), Qt::LeftButton, {}, cell.center());
    ASSERT_EQ(browser.opened.size(), 1);
    EXPECT_EQ(browser.opened.first(), QUrl(QStringLiteral("https://tracker.example.com/T-42")));
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
}

} // namespace countersign::test

#include "MetadataLinkTest.moc"
