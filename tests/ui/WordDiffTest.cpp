// The word diff behind the edit review and the version history: tokens, a minimal edit script (checked
// against a textbook LCS on many random inputs) and the tidy runs a reader sees.
#include "diff/WordDiff.h"

#include <QRandomGenerator>

#include <gtest/gtest.h>

#include <vector>

namespace countersign::ui::diff {

namespace {

using Kind = Segment::Kind;

QString join(const QList<Segment> &segments, Kind skip)
{
    QString out;
    for (const Segment &s : segments) {
        if (s.kind != skip)
            out += s.text;
    }
    return out;
}

QString changed(const QList<Segment> &segments, Kind kind)
{
    QStringList out;
    for (const Segment &s : segments) {
        if (s.kind == kind)
            out << s.text;
    }
    return out.join(QLatin1Char('|'));
}

// The length of the longest common subsequence, by the textbook table.
qsizetype lcsLength(const QStringList &a, const QStringList &b)
{
    std::vector<std::vector<qsizetype>> t(std::size_t(a.size() + 1), std::vector<qsizetype>(std::size_t(b.size() + 1), 0));
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j) {
            t[std::size_t(i)][std::size_t(j)] = a.at(i - 1) == b.at(j - 1)
                ? t[std::size_t(i - 1)][std::size_t(j - 1)] + 1
                : std::max(t[std::size_t(i - 1)][std::size_t(j)], t[std::size_t(i)][std::size_t(j - 1)]);
        }
    }
    return t[std::size_t(a.size())][std::size_t(b.size())];
}

} // namespace

TEST(WordDiff, TokensAreWordsSpacesAndPunctuationAndJoinBackToTheText)
{
    EXPECT_EQ(tokenize(QStringLiteral("Meet us AT noon, don't wait.")),
              (QStringList{QStringLiteral("Meet"), QStringLiteral(" "), QStringLiteral("us"), QStringLiteral(" "), QStringLiteral("AT"),
                           QStringLiteral(" "), QStringLiteral("noon"), QStringLiteral(","), QStringLiteral(" "), QStringLiteral("don't"),
                           QStringLiteral(" "), QStringLiteral("wait"), QStringLiteral(".")}));
    EXPECT_EQ(tokenize(QStringLiteral("a  \n\tb")), (QStringList{QStringLiteral("a"), QStringLiteral("  \n\t"), QStringLiteral("b")}));
    // Japanese has no spaces: one token per character, so a changed character is not the whole sentence.
    EXPECT_EQ(tokenize(QStringLiteral("契約書を確認")).size(), 6);
    // Arabic words keep their vowel marks (combining characters) and split at spaces.
    const QString arabic = QStringLiteral("مَرْحَبًا بِكُمْ");
    EXPECT_EQ(tokenize(arabic), (QStringList{QStringLiteral("مَرْحَبًا"), QStringLiteral(" "), QStringLiteral("بِكُمْ")}));
    // Characters outside the BMP (surrogate pairs) are never cut in half.
    EXPECT_EQ(tokenize(QStringLiteral("ok 😀!")), (QStringList{QStringLiteral("ok"), QStringLiteral(" "), QStringLiteral("😀"), QStringLiteral("!")}));
    for (const QString &text : {QStringLiteral("Meet us AT noon, don't wait."), arabic, QStringLiteral("契約書を確認 😀 x")})
        EXPECT_EQ(tokenize(text).join(QString()), text);
}

TEST(WordDiff, TheEditScriptIsMinimalOnRandomInputs)
{
    QRandomGenerator random(1234);  // fixed seed: the same cases every run
    const QStringList alphabet{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")};
    for (int round = 0; round < 600; ++round) {
        QStringList a;
        QStringList b;
        const int most = round < 500 ? 30 : 300;  // short cases, then long ones (deep recursion)
        const int n = int(random.bounded(0, most));
        const int m = int(random.bounded(0, most));
        for (int i = 0; i < n; ++i)
            a << alphabet.at(random.bounded(alphabet.size()));
        for (int i = 0; i < m; ++i)
            b << alphabet.at(random.bounded(alphabet.size()));
        const QList<Segment> script = diffTokens(a, b);
        ASSERT_EQ(join(script, Kind::Added), a.join(QString())) << "round " << round;
        ASSERT_EQ(join(script, Kind::Removed), b.join(QString())) << "round " << round;
        qsizetype same = 0;
        for (const Segment &s : script) {
            if (s.kind == Kind::Same)
                same += s.text.size();  // one letter per token
        }
        ASSERT_EQ(same, lcsLength(a, b)) << "round " << round << ": not a shortest edit script";
    }
}

TEST(WordDiff, AnAddedPostscriptIsTheOnlyChange)
{
    const QString body = QStringLiteral("Dear team,\n\nThe launch is on Monday.\n\nBest,\nAnna");
    const QList<Segment> d = wordDiff(body, body + QStringLiteral("\n\nP.S. Bring the slides."));
    EXPECT_EQ(changed(d, Kind::Added), QStringLiteral("\n\nP.S. Bring the slides."));
    EXPECT_EQ(changed(d, Kind::Removed), QString());
}

TEST(WordDiff, PunctuationIsItsOwnChangeAndAReplacementReadsAsOne)
{
    // A comma added after a word is a comma, not a changed word.
    QList<Segment> d = wordDiff(QStringLiteral("Meet us AT noon"), QStringLiteral("Meet us AT, noon"));
    EXPECT_EQ(changed(d, Kind::Added), QStringLiteral(","));
    EXPECT_EQ(changed(d, Kind::Removed), QString());
    // Two replaced words with a space between: one removed run, one added run.
    d = wordDiff(QStringLiteral("The quick brown fox"), QStringLiteral("The slow red fox"));
    EXPECT_EQ(d, (QList<Segment>{{Kind::Same, QStringLiteral("The ")}, {Kind::Removed, QStringLiteral("quick brown")},
                                 {Kind::Added, QStringLiteral("slow red")}, {Kind::Same, QStringLiteral(" fox")}}));
    // One changed character in Japanese.
    d = wordDiff(QStringLiteral("契約書を確認してください"), QStringLiteral("契約書を送付してください"));
    EXPECT_EQ(changed(d, Kind::Removed), QStringLiteral("確認"));
    EXPECT_EQ(changed(d, Kind::Added), QStringLiteral("送付"));
}

TEST(WordDiff, EqualAndEmptyTexts)
{
    EXPECT_EQ(wordDiff(QStringLiteral("same"), QStringLiteral("same")), (QList<Segment>{{Kind::Same, QStringLiteral("same")}}));
    EXPECT_TRUE(wordDiff(QString(), QString()).isEmpty());
    EXPECT_EQ(wordDiff(QString(), QStringLiteral("new")), (QList<Segment>{{Kind::Added, QStringLiteral("new")}}));
    EXPECT_EQ(wordDiff(QStringLiteral("old"), QString()), (QList<Segment>{{Kind::Removed, QStringLiteral("old")}}));
}

TEST(WordDiff, ALongContractWithOneChangedWordIsQuick)
{
    QString contract;
    for (int i = 0; i < 2000; ++i)
        contract += QStringLiteral("Clause %1 binds the parties. ").arg(i);
    QString edited = contract;
    edited.replace(QStringLiteral("Clause 1000 binds"), QStringLiteral("Clause 1000 obliges"));
    const QList<Segment> d = wordDiff(contract, edited);
    EXPECT_EQ(changed(d, Kind::Removed), QStringLiteral("binds"));
    EXPECT_EQ(changed(d, Kind::Added), QStringLiteral("obliges"));
}

} // namespace countersign::ui::diff
