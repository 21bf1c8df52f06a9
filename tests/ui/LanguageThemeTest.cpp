// Issue 13, languages and looks: Qt's own buttons in German, numbers and dates in the chosen language's
// format, the server's refusals in words of the user's language, English plurals on any non-German system
// (C/POSIX too), a language switch that keeps the queue's filters and order, and a System/Light/Dark choice
// that applies at once and leaves no hard-coded colour behind.
#include "UiFixture.h"

#include "common/Labels.h"
#include "common/Theme.h"
#include "main/ConnectionIndicator.h"
#include "metrics/MetricsView.h"
#include "queue/FilterBar.h"
#include "settings/SettingsDialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QStyle>
#include <QStyleOptionComboBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimer>

namespace countersign::test {

namespace {

QString translate(const char *context, const char *source, int n = -1)
{
    return QCoreApplication::translate(context, source, nullptr, n);
}

// WCAG's contrast ratio of two colours (1..21); 4.5 is the floor for body text.
double contrast(const QColor &a, const QColor &b)
{
    auto lum = [](const QColor &c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = lum(a), lb = lum(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// Style sheets of `root` and its children that name a colour of their own (#rgb, rgb(), a colour word).
QStringList hardCodedColours(QWidget &root)
{
    static const QRegularExpression colour(QStringLiteral("#[0-9a-fA-F]{3,8}\\b|rgba?\\(|:\\s*(red|white|black|gray|grey)\\b"));
    QStringList found;
    QList<QWidget *> widgets = root.findChildren<QWidget *>();
    widgets.prepend(&root);
    for (QWidget *w : std::as_const(widgets)) {
        if (colour.match(w->styleSheet()).hasMatch())
            found << w->objectName() + QStringLiteral(": ") + w->styleSheet();
        if (auto *label = qobject_cast<QLabel *>(w); label && colour.match(label->text()).hasMatch())
            found << w->objectName() + QStringLiteral(": ") + label->text();
    }
    return found;
}

} // namespace

TEST(Languages, UnderCOrAnyLanguageWithoutACatalogueEnglishPluralsAreRight)
{
    for (const QLocale &system : {QLocale::c(), QLocale(QLocale::French, QLocale::France), QLocale(QLocale::English, QLocale::UnitedKingdom)}) {
        ui::Translations translations(system);
        translations.apply(QString());
        EXPECT_EQ(translations.uiLanguage(), QStringLiteral("en")) << system.name().toStdString();
        EXPECT_EQ(translate("countersign::ui::ConnectionIndicator", "%n decision(s) queued", 1), QStringLiteral("1 decision queued"))
            << system.name().toStdString();
        EXPECT_EQ(translate("countersign::ui::JsonTree", "%n field(s)", 2), QStringLiteral("2 fields")) << system.name().toStdString();
        EXPECT_FALSE(translations.hasQtCatalogue()) << "an English app keeps Qt's English buttons";
    }
}

TEST(Languages, GermanHasQtsOwnButtonsAndGermanNumbersAndDates)
{
    ui::Translations translations(QLocale(QLocale::English, QLocale::UnitedStates));
    translations.apply(QStringLiteral("de"));
    EXPECT_TRUE(translations.hasQtCatalogue()) << "Qt's German catalogue (qt6-translations-l10n) is installed";
    QDialogButtonBox buttons(QDialogButtonBox::Cancel | QDialogButtonBox::Yes);
    EXPECT_EQ(buttons.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&')), QStringLiteral("Abbrechen"));
    EXPECT_EQ(buttons.button(QDialogButtonBox::Yes)->text().remove(QLatin1Char('&')), QStringLiteral("Ja"));

    // Formats follow the chosen language, not the (English) system.
    EXPECT_EQ(QLocale().language(), QLocale::German);
    EXPECT_EQ(ui::Labels::percent(0.429), QStringLiteral("42,9\u00a0%"));
    const QString date = QLocale().toString(QDate(2026, 12, 3), QLocale::ShortFormat);
    EXPECT_EQ(date, QStringLiteral("03.12.26"));
    EXPECT_EQ(QLocale().toString(1234567), QStringLiteral("1.234.567"));

    // The server's reasons, by their code.
    EXPECT_EQ(ui::Labels::refusal(QStringLiteral("conflict"), QStringLiteral("already decided")),
              QStringLiteral("jemand anderes hat zuerst entschieden, oder sie hat sich inzwischen geändert"));
    EXPECT_EQ(ui::Labels::refusal(QStringLiteral("forbidden"), QStringLiteral("not allowed")),
              QStringLiteral("Ihre Rollen erlauben Ihnen diese Entscheidung nicht"));
    EXPECT_EQ(ui::Labels::refusal(QStringLiteral("some_future_code"), QStringLiteral("as the server says")),
              QStringLiteral("as the server says")) << "an unknown code keeps the server's words";

    // "System language" on a German system is German too, with its formats.
    ui::Translations german(QLocale(QLocale::German, QLocale::Germany));
    german.apply(QString());
    EXPECT_EQ(german.uiLanguage(), QStringLiteral("de"));
    EXPECT_EQ(ui::Labels::status(QStringLiteral("pending")), QStringLiteral("Offen"));
}

TEST(Languages, EnglishPercentagesAndTheDefaultLocaleComesBack)
{
    const QLocale before;
    {
        ui::Translations translations(QLocale(QLocale::English, QLocale::UnitedStates));
        translations.apply(QStringLiteral("de"));
        translations.apply(QStringLiteral("en"));
        EXPECT_EQ(ui::Labels::percent(0.429), QStringLiteral("42.9%"));
    }
    EXPECT_EQ(QLocale(), before);
}

class LanguageAndTheme : public UiFixture
{
protected:
    // Opens Settings as from the File menu, lets `pick` choose, and presses OK.
    void inSettings(const std::function<void(ui::SettingsDialog &)> &pick)
    {
        bool seen = false;
        QTimer::singleShot(0, app.get(), [&] {
            auto *dialog = qobject_cast<ui::SettingsDialog *>(QApplication::activeModalWidget());
            ASSERT_TRUE(dialog);
            seen = true;
            pick(*dialog);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        app->openSettings();
        EXPECT_TRUE(seen);
    }
    void choose(ui::SettingsDialog &dialog, const char *name, const QString &value)
    {
        auto *box = dialog.findChild<QComboBox *>(QLatin1String(name));
        ASSERT_TRUE(box);
        box->setCurrentIndex(box->findData(value));
    }
};

TEST_F(LanguageAndTheme, ALanguageSwitchKeepsTheQueuesFiltersAndOrder)
{
    submit(QStringLiteral("t-1"), {{QStringLiteral("priority"), QStringLiteral("high")}});
    submit(QStringLiteral("t-2"));
    ui::MainWindow *window = &signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(*window, 2));
    ui::FilterBar &filters = window->filters();
    filters.sort().setCurrentIndex(filters.sort().findData(int(client::ApprovalFilterModel::SortKey::Priority)));
    filters.priority().setCurrentIndex(filters.priority().findData(QStringLiteral("high")));
    filters.search().setText(QStringLiteral("t-1"));
    ASSERT_TRUE(waitForRows(*window, 1));

    inSettings([&](ui::SettingsDialog &d) { choose(d, "settingsLanguage", QStringLiteral("de")); });
    ASSERT_TRUE(QTest::qWaitFor([&] { return app->mainWindow() && app->mainWindow() != window && app->mainWindow()->isVisible(); }, 10000));
    window = app->mainWindow();
    const ui::FilterBar::State kept = window->filters().state();
    EXPECT_EQ(kept.sort, int(client::ApprovalFilterModel::SortKey::Priority)) << "the same order";
    EXPECT_EQ(window->filters().sort().currentText(), QStringLiteral("Dringendste zuerst"));
    EXPECT_EQ(kept.priority, QStringLiteral("high")) << "the same filter";
    EXPECT_EQ(kept.status, QStringLiteral("pending"));
    EXPECT_EQ(kept.text, QStringLiteral("t-1"));
    EXPECT_EQ(visibleTitles(*window), QStringList{QStringLiteral("Launch email t-1")});
}

TEST_F(LanguageAndTheme, DarkAppliesAtOnceAndAtTheNextStartAndSystemPutsTheSystemsLookBack)
{
    const QColor systemWindow = QApplication::palette().color(QPalette::Window);
    ui::MainWindow &window = signInAs(QStringLiteral("mia"));
    EXPECT_EQ(settings.theme(), QStringLiteral("system"));

    inSettings([&](ui::SettingsDialog &d) { choose(d, "settingsTheme", QStringLiteral("dark")); });
    EXPECT_EQ(settings.theme(), QStringLiteral("dark"));
    EXPECT_TRUE(ui::theme::isDark(QApplication::palette())) << "at once";
    EXPECT_TRUE(QTest::qWaitFor([&] { return ui::theme::isDark(window.palette()); }, 2000)) << "the open window too";
    EXPECT_EQ(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    // What we colour stays readable on the dark window.
    const QPalette p = window.palette();
    for (const QColor &c : {ui::theme::errorText(p), ui::theme::warningText(p), ui::theme::successText(p), ui::theme::infoText(p)})
        EXPECT_GE(contrast(c, p.color(QPalette::Window)), 4.5) << c.name().toStdString();
    EXPECT_GE(contrast(p.color(QPalette::WindowText), ui::theme::warningBackground(p)), 4.5) << "text on a warning banner";

    // The next start is dark from the beginning.
    app.reset();
    EXPECT_FALSE(ui::theme::isDark(QApplication::palette()) && !ui::theme::isDark(QPalette(systemWindow)))
        << "the app's end puts the system's look back";
    makeApp();
    EXPECT_TRUE(ui::theme::isDark(QApplication::palette()));
    app->start();  // resumes from the keychain
    ASSERT_TRUE(QTest::qWaitFor([&] { return app->mainWindow() && app->mainWindow()->isVisible(); }, 10000));
    ui::MainWindow &again = *app->mainWindow();

    inSettings([&](ui::SettingsDialog &d) { choose(d, "settingsTheme", QStringLiteral("light")); });
    EXPECT_TRUE(QTest::qWaitFor([&] { return !ui::theme::isDark(again.palette()); }, 2000));
    inSettings([&](ui::SettingsDialog &d) { choose(d, "settingsTheme", QStringLiteral("system")); });
    EXPECT_EQ(QApplication::palette().color(QPalette::Window), systemWindow);
}

TEST_F(LanguageAndTheme, TheSignInSettingsStatusAndQueueHaveNoHardCodedColours)
{
    ui::SignInDialog *dialog = typeSignIn(QStringLiteral("mia"), QStringLiteral("wrong"));
    ASSERT_TRUE(dialog);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog->error().isEmpty() && dialog->error() != QStringLiteral("Signing in…"); }, 10000));
    EXPECT_EQ(hardCodedColours(*dialog), QStringList());
    auto *error = dialog->findChild<QLabel *>(QStringLiteral("signInError"));
    EXPECT_EQ(error->palette().color(QPalette::WindowText), ui::theme::errorText(dialog->palette())) << "an error still looks like one";

    QTest::keyClicks(&dialog->passwordEdit(), QStringLiteral("correct horse"));
    QTest::keyClick(&dialog->passwordEdit(), Qt::Key_Return);
    ASSERT_TRUE(QTest::qWaitFor([&] { return app->mainWindow() && app->mainWindow()->isVisible(); }, 10000));
    ui::MainWindow &window = *app->mainWindow();
    EXPECT_EQ(hardCodedColours(*window.findChild<ui::ConnectionIndicator *>()), QStringList());
    EXPECT_EQ(hardCodedColours(window.filters()), QStringList());
    EXPECT_EQ(hardCodedColours(window.metrics()), QStringList());
    ui::SettingsDialog settingsDialog(settings);
    EXPECT_EQ(hardCodedColours(settingsDialog), QStringList());
}

TEST_F(LanguageAndTheme, FilterChoicesShowTheirWholeTextAndDialogTitlesFit)
{
    for (int i = 0; i < 12; ++i)
        submit(QStringLiteral("t-%1").arg(i));
    ui::MainWindow &window = signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(waitForRows(window, 12));
    window.filters().recount();
    window.resize(1024, 640);
    QApplication::processEvents();
    ui::FilterBar &filters = window.filters();
    for (QComboBox *box : {&filters.status(), &filters.priority(), &filters.route(), &filters.agent(), &filters.sort()}) {
        QStyleOptionComboBox option;
        option.initFrom(box);
        const QRect text = box->style()->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, box);
        EXPECT_GE(text.width(), box->fontMetrics().horizontalAdvance(box->currentText()))
            << box->objectName().toStdString() << ": \"" << box->currentText().toStdString() << "\" is cut";
    }

    ui::SettingsDialog settingsDialog(settings);
    ui::SignInDialog signIn;
    for (QWidget *d : {static_cast<QWidget *>(&settingsDialog), static_cast<QWidget *>(&signIn)}) {
        QFont bold = d->font();
        bold.setBold(true);
        EXPECT_GE(d->minimumWidth(), QFontMetrics(bold).horizontalAdvance(d->windowTitle()) + 100)
            << d->windowTitle().toStdString() << ": room for the title and the frame's buttons";
    }
}

} // namespace countersign::test
