// parse_html: every tag and its synonyms, entities, attributes, exact UTF-16
// offsets, nesting, and a FormatError at the right byte for every malformed input.
#include <gtest/gtest.h>

#include <string>

#include "formatting_fixtures.hpp"

namespace layer::client::test {
namespace {

FormattedText html(std::string_view s) {
  return parse_html(s);
}
FormattedText ft(std::string text, std::vector<Entity> entities) {
  return {std::move(text), std::move(entities)};
}

TEST(Html, PlainTextHasNoEntities) {
  EXPECT_EQ(html(""), ft("", {}));
  EXPECT_EQ(html("hello\nworld"), ft("hello\nworld", {}));
  EXPECT_EQ(html("a > b"), ft("a > b", {}));  // a bare '>' is itself
}

TEST(Html, EveryTagAndItsSynonyms) {
  for (const char* tag : {"b", "strong", "B", "STRONG"}) {
    SCOPED_TRACE(tag);
    EXPECT_EQ(html(std::string("x<") + tag + ">y</" + tag + ">"), ft("xy", {bold(1, 1)}));
  }
  EXPECT_EQ(html("<i>a</i><em>b</em>"), ft("ab", {italic(0, 1), italic(1, 1)}));
  EXPECT_EQ(html("<u>a</u><ins>b</ins>"), ft("ab", {underline(0, 1), underline(1, 1)}));
  EXPECT_EQ(html("<s>a</s><strike>b</strike><del>c</del>"),
            ft("abc", {strike(0, 1), strike(1, 1), strike(2, 1)}));
  EXPECT_EQ(html("<tg-spoiler>a</tg-spoiler><span class=\"tg-spoiler\">b</span>"),
            ft("ab", {spoiler(0, 1), spoiler(1, 1)}));
  EXPECT_EQ(html("<code>x = 1</code>"), ft("x = 1", {code(0, 5)}));
  EXPECT_EQ(html("<pre>int x;</pre>"), ft("int x;", {pre(0, 6)}));
  EXPECT_EQ(html("<pre><code class=\"language-cpp\">int x;</code></pre>"), ft("int x;", {pre(0, 6, "cpp")}));
  EXPECT_EQ(html("<a href=\"https://example.com/?a=1&amp;b=2\">site</a>"),
            ft("site", {text_url(0, 4, "https://example.com/?a=1&b=2")}));
  EXPECT_EQ(html("<a href=\"tg://user?id=123456789\">Bob</a>"), ft("Bob", {mention(0, 3, 123456789)}));
  EXPECT_EQ(html("<tg-emoji emoji-id=\"5368324170671202286\">\U0001F44D</tg-emoji>"),
            ft("\U0001F44D", {custom_emoji(0, 2, 5368324170671202286)}));
  EXPECT_EQ(html("<blockquote>q</blockquote>x"), ft("qx", {blockquote(0, 1)}));
  EXPECT_EQ(html("<blockquote expandable>q</blockquote>"), ft("q", {blockquote(0, 1, true)}));
}

TEST(Html, CodeInsidePre) {
  // Without a language class the code is an entity of its own.
  EXPECT_EQ(html("<pre><code>x</code></pre>"), ft("x", {pre(0, 1), code(0, 1)}));
  // The class names the language only as the first thing in the pre.
  EXPECT_EQ(html("<pre>a<code class=\"language-py\">b</code></pre>"), ft("ab", {pre(0, 2), code(1, 1)}));
  EXPECT_EQ(html("<code class=\"language-py\">b</code>"), ft("b", {code(0, 1)}));
  EXPECT_EQ(html("<pre><code class=\"language-c\">a</code>b</pre>"), ft("ab", {pre(0, 2, "c")}));
}

TEST(Html, Attributes) {
  EXPECT_EQ(html("<a href='https://e.com'>x</a>"), ft("x", {text_url(0, 1, "https://e.com")}));
  EXPECT_EQ(html("<a href=https://e.com>x</a>"), ft("x", {text_url(0, 1, "https://e.com")}));
  EXPECT_EQ(html("<a  title=\"t\"  HREF = \"https://e.com\" >x</a >"),
            ft("x", {text_url(0, 1, "https://e.com")}));
  EXPECT_EQ(html("<a href=\"https://e.com/&quot;&lt;&#62;\">x</a>"),
            ft("x", {text_url(0, 1, "https://e.com/\"<>")}));
  EXPECT_EQ(html("<b class=\"whatever\">x</b>"), ft("x", {bold(0, 1)}));  // unknown attributes are ignored
}

TEST(Html, Entities) {
  EXPECT_EQ(html("&lt;b&gt; &amp; &quot;q&quot;"), ft("<b> & \"q\"", {}));
  EXPECT_EQ(html("&#65;&#x42;&#X43;"), ft("ABC", {}));
  // A numeric entity outside the BMP is one code point, two UTF-16 units.
  EXPECT_EQ(html("&#128077;<b>x</b>"), ft("\U0001F44D"
                                          "x",
                                          {bold(2, 1)}));
  EXPECT_EQ(html("<b>&#x1F44D;</b>"), ft("\U0001F44D", {bold(0, 2)}));
  EXPECT_EQ(html("&#233;&#x301;"), ft("\u00e9\u0301", {}));
}

TEST(Html, OffsetsCountUtf16CodeUnits) {
  EXPECT_EQ(html("\U0001F44D\U0001F3FD <b>x</b>"), ft("\U0001F44D\U0001F3FD x", {bold(5, 1)}));
  EXPECT_EQ(html("<i>\U0001F1FA\U0001F1E6</i>a"), ft("\U0001F1FA\U0001F1E6a", {italic(0, 4)}));
  EXPECT_EQ(html("<s>\U0001F468\u200D\U0001F469\u200D\U0001F467</s>"),
            ft("\U0001F468\u200D\U0001F469\u200D\U0001F467", {strike(0, 8)}));
  EXPECT_EQ(html("e\u0301<u>e\u0301</u>"), ft("e\u0301e\u0301", {underline(2, 2)}));
  EXPECT_EQ(html("\u4f60<b>\u597d</b>"), ft("\u4f60\u597d", {bold(1, 1)}));
}

TEST(Html, NestedAndAdjacent) {
  EXPECT_EQ(html("<a href=\"https://e.com\"><i>it <b>bold</b> it</i></a>"),
            ft("it bold it", {text_url(0, 10, "https://e.com"), italic(0, 10), bold(3, 4)}));
  EXPECT_EQ(html("<b>a</b><b>b</b>"), ft("ab", {bold(0, 1), bold(1, 1)}));
  EXPECT_EQ(html("<b><b>x</b></b>"), ft("x", {bold(0, 1), bold(0, 1)}));
  EXPECT_EQ(html("<blockquote><b>a</b>\nb</blockquote>"), ft("a\nb", {blockquote(0, 3), bold(0, 1)}));
  EXPECT_EQ(html("<b>a<code>b</code></b>"), ft("ab", {bold(0, 2), code(1, 1)}));
  // Of two entities with one range a blockquote comes first, as it is written outside.
  EXPECT_EQ(html("<b><blockquote>x</blockquote></b>"), ft("x", {blockquote(0, 1), bold(0, 1)}));
  EXPECT_EQ(to_html(html("<b><blockquote>x</blockquote></b>")), "<blockquote><b>x</b></blockquote>");
  EXPECT_EQ(html("<code><b>x</b></code>"), ft("x", {code(0, 1), bold(0, 1)}));
}

TEST(Html, EmptyEntitiesAreDropped) {
  EXPECT_EQ(html("a<b></b>b<i><u></u></i>"), ft("ab", {}));
  EXPECT_EQ(html("<a href=\"https://e.com\"></a>"), ft("", {}));
}

TEST(Html, UnclosedAndMismatchedTags) {
  expect_format_error([] { html("x <b>bold"); }, 2, "unclosed <b> opened at byte 2");
  expect_format_error([] { html("<b><i>x</i>"); }, 0, "unclosed <b>");
  expect_format_error([] { html("<b>x</i>"); }, 4, "</i> does not close the <b> opened at byte 0");
  expect_format_error([] { html("<strong>x</b>"); }, 9, "</b> does not close the <strong>");
  expect_format_error([] { html("<b><i>x</b></i>"); }, 7, "</b> does not close the <i> opened at byte 3");
  expect_format_error([] { html("x</b>"); }, 1, "</b> closes nothing");
}

TEST(Html, UnknownAndBadTags) {
  expect_format_error([] { html("<foo>x</foo>"); }, 0, "unknown tag <foo>");
  expect_format_error([] { html("a<br>b"); }, 1, "unknown tag <br>");
  expect_format_error([] { html("a < b"); }, 2, "'<' starts no tag");
  expect_format_error([] { html("<3"); }, 0, "'<' starts no tag");
  expect_format_error([] { html("</>"); }, 0, "'</' names no tag");
  expect_format_error([] { html("<b"); }, 0, "unterminated tag <b");
  expect_format_error([] { html("<a href=\"x>y</a>"); }, 8, "unclosed value of the attribute href");
  expect_format_error([] { html("<b/>"); }, 2, "self-closing");
  expect_format_error([] { html("<b>x</b class=\"y\">"); }, 8, "takes no attributes");
  expect_format_error([] { html("<b =x>"); }, 3, "unexpected = in the tag <b>");
  expect_format_error([] { html("<a href=>x</a>"); }, 8, "no value for the attribute href");
  expect_format_error([] { html("<a>x</a>"); }, 0, "<a> needs an href");
  expect_format_error([] { html("<a href=\"\">x</a>"); }, 0, "<a> needs an href");
  expect_format_error([] { html("<a href=\"tg://user?id=x\">x</a>"); }, 0, "not a user id");
  expect_format_error([] { html("<span>x</span>"); }, 0, "<span> is only for spoilers");
  expect_format_error([] { html("<span class=\"red\">x</span>"); }, 0, "<span> is only for spoilers");
  expect_format_error([] { html("<tg-emoji>x</tg-emoji>"); }, 0, "<tg-emoji> needs emoji-id");
  expect_format_error([] { html("<tg-emoji emoji-id=\"abc\">x</tg-emoji>"); }, 0,
                      "<tg-emoji> needs emoji-id");
}

TEST(Html, BadEntities) {
  expect_format_error([] { html("a & b"); }, 2, "'&' starts no entity");
  expect_format_error([] { html("a &amp"); }, 2, "'&' starts no entity");
  expect_format_error([] { html("&nbsp;"); }, 0, "unknown entity &nbsp;");
  expect_format_error([] { html("x&#;"); }, 1, "&#; is not a Unicode character");
  expect_format_error([] { html("&#0;"); }, 0, "not a Unicode character");
  expect_format_error([] { html("&#xD800;"); }, 0, "not a Unicode character");
  expect_format_error([] { html("&#x110000;"); }, 0, "not a Unicode character");
  expect_format_error([] { html("&#12a;"); }, 0, "not a Unicode character");
  expect_format_error([] { html("&#99999999999999999999;"); }, 0, "starts no entity");
  expect_format_error([] { html("<a href=\"&bogus;\">x</a>"); }, 9, "unknown entity &bogus;");
  expect_format_error([] { html("<a href=\"a&b\">x;</a>"); }, 10, "'&' starts no entity");
}

TEST(Html, InvalidUtf8) {
  expect_format_error([] { html("<b>\xff</b>"); }, 3, "invalid UTF-8");
  expect_format_error([] { html("<a href=\"\xc0\xaf\">x</a>"); }, 9, "overlong");
}

}  // namespace
}  // namespace layer::client::test
