// parse_markdown: every marker, exact UTF-16 offsets around emoji, combining
// characters and CJK, nesting, adjacency, escapes, and a FormatError at the
// right byte for every malformed input.
#include <gtest/gtest.h>

#include <string>

#include "formatting_fixtures.hpp"

namespace layer::client::test {
namespace {

FormattedText md(std::string_view s) {
  return parse_markdown(s);
}
FormattedText ft(std::string text, std::vector<Entity> entities) {
  return {std::move(text), std::move(entities)};
}

TEST(Markdown, PlainTextHasNoEntities) {
  EXPECT_EQ(md(""), ft("", {}));
  EXPECT_EQ(md("hello, world"), ft("hello, world", {}));
  EXPECT_EQ(md("line 1\nline 2\n"), ft("line 1\nline 2\n", {}));
}

TEST(Markdown, EveryMarker) {
  EXPECT_EQ(md("a *b* c"), ft("a b c", {bold(2, 1)}));
  EXPECT_EQ(md("_it_"), ft("it", {italic(0, 2)}));
  EXPECT_EQ(md("__under__"), ft("under", {underline(0, 5)}));
  EXPECT_EQ(md("~gone~"), ft("gone", {strike(0, 4)}));
  EXPECT_EQ(md("||hidden||"), ft("hidden", {spoiler(0, 6)}));
  EXPECT_EQ(md("run `ls -l` now"), ft("run ls -l now", {code(4, 5)}));
  EXPECT_EQ(md("```cpp\nint x;```"), ft("int x;", {pre(0, 6, "cpp")}));
  EXPECT_EQ(md("```\nint x;\n```"), ft("int x;\n", {pre(0, 7)}));
  EXPECT_EQ(md("```int x;```"), ft("int x;", {pre(0, 6)}));  // no language line
  EXPECT_EQ(md("[site](https://example.com/a_b)"), ft("site", {text_url(0, 4, "https://example.com/a_b")}));
  EXPECT_EQ(md("hi [Bob](tg://user?id=123456789)"), ft("hi Bob", {mention(3, 3, 123456789)}));
  EXPECT_EQ(md("![\U0001F44D](tg://emoji?id=5368324170671202286)"),
            ft("\U0001F44D", {custom_emoji(0, 2, 5368324170671202286)}));
}

TEST(Markdown, Blockquotes) {
  EXPECT_EQ(md(">quoted"), ft("quoted", {blockquote(0, 6)}));
  EXPECT_EQ(md(">one\n>two\nafter"), ft("one\ntwo\nafter", {blockquote(0, 7)}));
  EXPECT_EQ(md("before\n>one\n>two"), ft("before\none\ntwo", {blockquote(7, 7)}));
  EXPECT_EQ(md(">one\n>two||"), ft("one\ntwo", {blockquote(0, 7, true)}));
  EXPECT_EQ(md(">one||\nafter"), ft("one\nafter", {blockquote(0, 3, true)}));
  // Two quotes in a row: an empty bold keeps the second from going on with the first.
  EXPECT_EQ(md(">one\n**>two"), ft("one\ntwo", {blockquote(0, 3), blockquote(4, 3)}));
  EXPECT_EQ(md(">one||\n>two"), ft("one\ntwo", {blockquote(0, 3, true), blockquote(4, 3)}));
  // Styles inside, across quote lines too; a spoiler at the end of a line stays one.
  EXPECT_EQ(md(">*a\n>b*\nc"), ft("a\nb\nc", {blockquote(0, 3), bold(0, 3)}));
  EXPECT_EQ(md(">a ||b||\n"), ft("a b\n", {blockquote(0, 3), spoiler(2, 1)}));
  // A newline in code does not end the quote; the next line needs no '>'.
  EXPECT_EQ(md(">`a\nb`"), ft("a\nb", {blockquote(0, 3), code(0, 3)}));
  // '>' means a quote only at the start of a line.
  EXPECT_EQ(md("a > b"), ft("a > b", {}));
}

TEST(Markdown, Escapes) {
  EXPECT_EQ(md("\\*not bold\\* 1\\.5 \\\\ \\_ \\[x\\] \\`"), ft("*not bold* 1.5 \\ _ [x] `", {}));
  EXPECT_EQ(md("\\>not a quote"), ft(">not a quote", {}));
  EXPECT_EQ(md("`a\\`b\\\\`"), ft("a`b\\", {code(0, 4)}));
  EXPECT_EQ(md("```\na\\`\\`\\`b```"), ft("a```b", {pre(0, 5)}));
  EXPECT_EQ(md("[x](https://e.com/\\(1\\))"), ft("x", {text_url(0, 1, "https://e.com/(1)")}));
}

TEST(Markdown, ReservedCharactersThatMeanNothingMayStandAlone) {
  EXPECT_EQ(md("1.5! a|b (x) {y} #+-= ] c"), ft("1.5! a|b (x) {y} #+-= ] c", {}));
}

TEST(Markdown, OffsetsCountUtf16CodeUnits) {
  // 👍🏽 is two surrogate pairs: 4 units, then a space.
  EXPECT_EQ(md("\U0001F44D\U0001F3FD *x*"), ft("\U0001F44D\U0001F3FD x", {bold(5, 1)}));
  // A flag: two regional indicators, 4 units.
  EXPECT_EQ(md("*\U0001F1FA\U0001F1E6*_a_"), ft("\U0001F1FA\U0001F1E6a", {bold(0, 4), italic(4, 1)}));
  // A ZWJ family: 3 pairs and 2 joiners, 8 units.
  EXPECT_EQ(md("~\U0001F468\u200D\U0001F469\u200D\U0001F467~!"),
            ft("\U0001F468\u200D\U0001F469\u200D\U0001F467!", {strike(0, 8)}));
  // e + combining acute is 2 units; precomposed é is 1.
  EXPECT_EQ(md("e\u0301 *\u00e9*"), ft("e\u0301 \u00e9", {bold(3, 1)}));
  // CJK: one unit per character, three bytes each.
  EXPECT_EQ(md("\u4f60\u597d *\u4e16\u754c*"), ft("\u4f60\u597d \u4e16\u754c", {bold(3, 2)}));
  EXPECT_EQ(md("`\U0001F600`x"), ft("\U0001F600x", {code(0, 2)}));
}

TEST(Markdown, NestedEntitiesComeOuterFirst) {
  // Bold inside italic inside a link.
  EXPECT_EQ(md("[_it *bold* it_](https://e.com)"),
            ft("it bold it", {text_url(0, 10, "https://e.com"), italic(0, 10), bold(3, 4)}));
  EXPECT_EQ(md("*a _b __c ~d ||e||~__ f_*"),
            ft("a b c d e f", {bold(0, 11), italic(2, 9), underline(4, 5), strike(6, 3), spoiler(8, 1)}));
  EXPECT_EQ(md("*bold [link](https://x.y)*"), ft("bold link", {bold(0, 9), text_url(5, 4, "https://x.y")}));
  EXPECT_EQ(md("*![\U0001F600](tg://emoji?id=1)*"), ft("\U0001F600", {bold(0, 2), custom_emoji(0, 2, 1)}));
  EXPECT_EQ(md("*`x`*"), ft("x", {bold(0, 1), code(0, 1)}));
  // "__" is always underline: an empty bold separates italic from it.
  EXPECT_EQ(md("___x_**__"), ft("x", {underline(0, 1), italic(0, 1)}));
  EXPECT_EQ(md("_a__b__c_"), ft("abc", {italic(0, 3), underline(1, 1)}));
}

TEST(Markdown, AdjacentEntities) {
  EXPECT_EQ(md("*a*_b_"), ft("ab", {bold(0, 1), italic(1, 1)}));
  EXPECT_EQ(md("*a**b*"), ft("ab", {bold(0, 1), bold(1, 1)}));
  EXPECT_EQ(md("`a``b`"), ft("ab", {code(0, 1), code(1, 1)}));
  EXPECT_EQ(md("||a||||b||"), ft("ab", {spoiler(0, 1), spoiler(1, 1)}));
  EXPECT_EQ(md("[a](u://1)[b](u://2)"), ft("ab", {text_url(0, 1, "u://1"), text_url(1, 1, "u://2")}));
  EXPECT_EQ(md("_a_**_b_"), ft("ab", {italic(0, 1), italic(1, 1)}));
}

TEST(Markdown, EmptyEntitiesAreDropped) {
  EXPECT_EQ(md("**"), ft("", {}));
  EXPECT_EQ(md("a**b"), ft("ab", {}));
  EXPECT_EQ(md("a____b~~c||||d``e"), ft("abcde", {}));
  EXPECT_EQ(md("[](https://e.com)x"), ft("x", {}));
}

TEST(Markdown, UnclosedEntities) {
  expect_format_error([] { md("a *bold"); }, 2, "unclosed bold");
  expect_format_error([] { md("_it"); }, 0, "unclosed italic");
  expect_format_error([] { md("__u"); }, 0, "unclosed underline");
  expect_format_error([] { md("x ~s"); }, 2, "unclosed strikethrough");
  expect_format_error([] { md("||s"); }, 0, "unclosed spoiler");
  expect_format_error([] { md("*a _b*"); }, 5, "would end the bold opened at byte 0 while the italic");
  expect_format_error([] { md("[a *b](u)"); }, 5, "']' would end the link opened at byte 0");
  expect_format_error([] { md("[link"); }, 0, "unclosed link");
  expect_format_error([] { md("a ![x"); }, 2, "unclosed custom emoji");
}

TEST(Markdown, UnterminatedCode) {
  expect_format_error([] { md("see `code"); }, 4, "unclosed code");
  expect_format_error([] { md("```cpp\nint x;"); }, 0, "unclosed pre");
  expect_format_error([] { md("```x``"); }, 0, "unclosed pre");
  expect_format_error([] { md("`a\\`"); }, 0, "unclosed code");
}

TEST(Markdown, BadLinks) {
  expect_format_error([] { md("[a] b"); }, 2, "must be followed by '('");
  expect_format_error([] { md("[a](https://e.com"); }, 3, "unclosed '(' of the URL");
  expect_format_error([] { md("[a]()"); }, 4, "is empty");
  expect_format_error([] { md("[a](tg://user?id=bob)"); }, 4, "not a user id");
  expect_format_error([] { md("[a](tg://user?id=)"); }, 4, "not a user id");
  expect_format_error([] { md("![a](https://e.com)"); }, 5, "a custom emoji needs (tg://emoji?id=");
  expect_format_error([] { md("![a](tg://emoji?id=12x)"); }, 5, "a custom emoji needs");
}

TEST(Markdown, BadEscapes) {
  expect_format_error([] { md("end\\"); }, 3, "must be followed by the ASCII character");
  expect_format_error([] { md("\\\u00e9"); }, 0, "must be followed by the ASCII character");
  expect_format_error([] { md("`a\\"); }, 2, "must be followed by the ASCII character");
  expect_format_error([] { md("[a](u\\"); }, 5, "must be followed by the ASCII character");
}

TEST(Markdown, BadBlockquotes) {
  expect_format_error([] { md(">*a\nb*"); }, 1, "bold opened at byte 1 is still open where the blockquote");
  expect_format_error([] { md("*>a*"); }, 1, "a blockquote cannot start inside the bold");
  expect_format_error([] { md(">*a"); }, 1, "unclosed bold");
}

TEST(Markdown, InvalidUtf8) {
  expect_format_error([] { md("*ok* \xff"); }, 5, "invalid UTF-8");
  expect_format_error([] { md("`\xc3`"); }, 1, "invalid UTF-8");
  expect_format_error([] { md("\xed\xa0\x80"); }, 0, "surrogate");
}

}  // namespace
}  // namespace layer::client::test
