// to_markdown and to_html: exact output, escaping, what each markup cannot
// hold, and round trips: parse(to_x(t)) == t for hand-picked texts and for
// random texts with random properly nested entities.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "formatting_fixtures.hpp"

namespace layer::client::test {
namespace {

FormattedText ft(std::string text, std::vector<Entity> entities) {
  return {std::move(text), std::move(entities)};
}

TEST(Writers, ExactOutput) {
  const FormattedText t =
      ft("it bold it", {text_url(0, 10, "https://e.com/a_(b)"), italic(0, 10), bold(3, 4)});
  EXPECT_EQ(to_markdown(t), "[_it *bold* it_](https://e.com/a_(b\\))");
  EXPECT_EQ(to_html(t), "<a href=\"https://e.com/a_(b)\"><i>it <b>bold</b> it</i></a>");

  const FormattedText all =
      ft("bius|c|p|m|e|q", {bold(0, 1), italic(1, 1), underline(2, 1), strike(3, 1), spoiler(4, 1),
                            code(6, 1), pre(8, 1, "go"), mention(10, 1, 42), custom_emoji(12, 1, 7)});
  EXPECT_EQ(to_markdown(ft("b", {bold(0, 1)})), "*b*");
  EXPECT_EQ(to_html(all),
            "<b>b</b><i>i</i><u>u</u><s>s</s><tg-spoiler>|</tg-spoiler>c<code>|</code>p<pre><code "
            "class=\"language-go\">|</code></pre>m<a href=\"tg://user?id=42\">|</a>e<tg-emoji "
            "emoji-id=\"7\">|</tg-emoji>q");
}

TEST(Writers, Escaping) {
  const FormattedText t = ft("1.5 * _x_ [a](b) ~`>#+-=|{}.!\\ <&> \"q\"", {});
  EXPECT_EQ(to_markdown(t),
            "1\\.5 \\* \\_x\\_ \\[a\\]\\(b\\) \\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\ <&\\> \"q\"");
  EXPECT_EQ(to_html(t), "1.5 * _x_ [a](b) ~`&gt;#+-=|{}.!\\ &lt;&amp;&gt; \"q\"");
  EXPECT_EQ(to_markdown(ft("a`b\\c*", {code(0, 6)})), "`a\\`b\\\\c*`");
  EXPECT_EQ(to_markdown(ft("x", {pre(0, 1)})), "```\nx```");
  EXPECT_EQ(to_html(ft("x", {text_url(0, 1, "https://e.com/?a=\"1\"&b=<2>")})),
            "<a href=\"https://e.com/?a=&quot;1&quot;&amp;b=&lt;2&gt;\">x</a>");
}

TEST(Writers, MarkdownKeepsMarkersApart) {
  // Italic and underline ending together: an empty bold between the markers.
  EXPECT_EQ(to_markdown(ft("x", {underline(0, 1), italic(0, 1)})), "___x_**__");
  EXPECT_EQ(to_markdown(ft("ab", {italic(0, 1), italic(1, 1)})), "_a_**_b_");
  // Inside a bold the separator is an empty strikethrough.
  EXPECT_EQ(to_markdown(ft("x", {bold(0, 1), underline(0, 1), italic(0, 1)})), "*___x_~~__*");
  // Two quotes in a row.
  EXPECT_EQ(to_markdown(ft("a\nb", {blockquote(0, 1), blockquote(2, 1)})), ">a\n**>b");
  EXPECT_EQ(to_markdown(ft("a\nb", {blockquote(0, 1, true), blockquote(2, 1)})), ">a||\n>b");
  EXPECT_EQ(to_markdown(ft("a\nb\nc", {blockquote(0, 3)})), ">a\n>b\nc");
}

TEST(Writers, EntitiesTelegramDetectsAreLeftOut) {
  const FormattedText t =
      ft("see https://e.com #tag @bob", {types::MessageEntityUrl{.offset = 4, .length = 13},
                                         types::MessageEntityHashtag{.offset = 18, .length = 4},
                                         types::MessageEntityMention{.offset = 23, .length = 4}});
  EXPECT_EQ(to_html(t), "see https://e.com #tag @bob");
  EXPECT_EQ(parse_markdown(to_markdown(t)), ft(t.text, {}));
}

TEST(Writers, EmptyEntitiesAreLeftOut) {
  EXPECT_EQ(to_html(ft("ab", {bold(1, 0)})), "ab");
  EXPECT_EQ(to_markdown(ft("ab", {bold(1, 0)})), "ab");
}

TEST(Writers, OverlappingEntitiesAreSplitWhereTheyCross) {
  const FormattedText t = ft("abcde", {bold(0, 3), italic(2, 3)});
  EXPECT_EQ(to_html(t), "<b>ab<i>c</i></b><i>de</i>");
  EXPECT_EQ(to_markdown(t), "*ab_c_*_de_");
  EXPECT_EQ(parse_html(to_html(t)), ft("abcde", {bold(0, 3), italic(2, 1), italic(3, 2)}));
}

TEST(Writers, EntitiesInAnyOrderComeOutNested) {
  const FormattedText t = ft("abc", {bold(1, 1), italic(0, 3)});
  EXPECT_EQ(to_html(t), "<i>a<b>b</b>c</i>");
  EXPECT_EQ(parse_html(to_html(t)), ft("abc", {italic(0, 3), bold(1, 1)}));
}

TEST(Writers, RefuseEntitiesOutsideTheText) {
  for (auto* write : {&to_markdown, &to_html}) {
    expect_format_error([&] { write(ft("abc", {bold(2, 2)})); }, 3, "bold entity #0 ends at UTF-16 offset 4");
    expect_format_error(
        [&] {
          write(ft("abc", {bold(0, 1), italic(-1, 2)}));
        },
        0, "italic entity #1 has a negative");
    expect_format_error([&] { write(ft("abc", {bold(1, -1)})); }, 0, "negative");
    expect_format_error([&] { write(ft("a\U0001F44D", {bold(0, 2)})); }, 1, "splits a surrogate pair");
    expect_format_error([&] { write(ft("a\U0001F44Db", {bold(2, 2)})); }, 1, "splits a surrogate pair");
    expect_format_error([&] { write(ft("a\xff", {})); }, 1, "invalid UTF-8");
  }
}

TEST(Writers, MarkdownRefusesWhatItCannotHold) {
  expect_format_error(
      [] {
        to_markdown(ft("abc", {code(0, 3), bold(1, 1)}));
      },
      1, "cannot put bold inside code");
  expect_format_error(
      [] {
        to_markdown(ft("abc", {pre(0, 3), text_url(1, 1, "u://")}));
      },
      1, "cannot put link inside pre");
  expect_format_error(
      [] {
        to_markdown(ft("abc", {bold(0, 3), bold(1, 1)}));
      },
      1, "cannot put bold inside bold");
  expect_format_error(
      [] {
        to_markdown(ft("a\nb", {bold(0, 3), blockquote(2, 1)}));
      },
      2, "a blockquote only outside every other entity");
  expect_format_error([] { to_markdown(ft("ab", {blockquote(1, 1)})); }, 1, "start at the start of a line");
  expect_format_error([] { to_markdown(ft("ab", {blockquote(0, 1)})); }, 1, "end at the end of a line");
  expect_format_error(
      [] {
        to_markdown(ft("a\nb", {blockquote(0, 1), bold(1, 2)}));
      },
      1, "right where a blockquote ends");
  expect_format_error([] { to_markdown(ft("x", {pre(0, 1, "c plus")})); }, 0,
                      "cannot write the pre language");
  expect_format_error([] { to_markdown(ft("x", {text_url(0, 1, "")})); }, 0, "empty URL");
  // HTML holds all of them.
  EXPECT_EQ(to_html(ft("abc", {code(0, 3), bold(1, 1)})), "<code>a<b>b</b>c</code>");
  EXPECT_EQ(to_html(ft("ab", {blockquote(1, 1)})), "a<blockquote>b</blockquote>");
}

// Texts both markups hold, each entity list sorted as a parse returns it.
std::vector<FormattedText> corpus() {
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
  return {
      ft("", {}),
      ft("plain *text* with _every_ [reserved] (character) ~`>#+-=|{}.!\\ and \"quotes\" <&>", {}),
      ft("\U0001F44D\U0001F3FD bold", {bold(5, 4)}),
      ft("\U0001F1FA\U0001F1E6 " + family + " e\u0301 \u4f60\u597d",
         {italic(0, 4), strike(5, 8), underline(14, 2), spoiler(17, 2)}),
      ft("it bold it", {text_url(0, 10, "https://e.com/a_(b)\\c"), italic(0, 10), bold(3, 4)}),
      ft("a b c d e f", {bold(0, 11), italic(2, 9), underline(4, 5), strike(6, 3), spoiler(8, 1)}),
      ft("x", {underline(0, 1), italic(0, 1)}),
      ft("x", {italic(0, 1), underline(0, 1)}),
      ft("x", {bold(0, 1), underline(0, 1), italic(0, 1)}),
      ft("x", {bold(0, 1), strike(0, 1), italic(0, 1), underline(0, 1)}),
      ft("ab", {italic(0, 1), italic(1, 1)}),
      ft("ab", {underline(0, 1), underline(1, 1)}),
      ft("ab", {underline(0, 1), italic(1, 1)}),
      ft("ab", {italic(0, 1), underline(1, 1)}),
      ft("ab", {bold(0, 1), bold(1, 1)}),
      ft("ab", {spoiler(0, 1), spoiler(1, 1)}),
      ft("ab", {code(0, 1), code(1, 1)}),
      ft("ab", {code(0, 1), pre(1, 1)}),
      ft("ab", {pre(0, 1, "c"), code(1, 1)}),
      ft("a`b\\c", {code(0, 5)}),
      ft("\nline\n```\n", {pre(0, 10)}),
      ft("int x;\n", {pre(0, 7, "c++")}),
      ft("Bob and \U0001F600", {mention(0, 3, 123456789), custom_emoji(8, 2, 5368324170671202286)}),
      ft("Bob", {bold(0, 3), mention(0, 3, 1), italic(0, 3)}),
      ft("one\ntwo\nthree", {blockquote(0, 7)}),
      ft("one\ntwo", {blockquote(0, 3), blockquote(4, 3)}),
      ft("one\ntwo", {blockquote(0, 3, true), blockquote(4, 3, true)}),
      ft("one\ntwo\n", {blockquote(0, 7, true), bold(0, 3), spoiler(4, 3)}),
      ft("a\nb", {blockquote(0, 3), spoiler(0, 1)}),
      ft("a\nb", {blockquote(0, 3), spoiler(1, 2)}),
      ft("a\nb\nc", {blockquote(0, 3), code(0, 3)}),
      ft("head\nq1\nq2\ntail", {blockquote(5, 5), italic(5, 5)}),
      ft(">x\n>y", {blockquote(0, 2), bold(1, 1)}),
      ft("**__", {bold(0, 2)}),
  };
}

TEST(RoundTrip, MarkdownCorpus) {
  for (const FormattedText& t : corpus()) {
    const std::string markdown = to_markdown(t);
    SCOPED_TRACE(markdown);
    EXPECT_EQ(parse_markdown(markdown), t);
  }
}

TEST(RoundTrip, HtmlCorpus) {
  for (const FormattedText& t : corpus()) {
    const std::string html = to_html(t);
    SCOPED_TRACE(html);
    EXPECT_EQ(parse_html(html), t);
  }
}

TEST(RoundTrip, HtmlHoldsWhatMarkdownCannot) {
  const FormattedText t = ft("a\nbcd", {bold(0, 5), blockquote(0, 3, true), code(2, 1), italic(2, 1),
                                        italic(2, 1), pre(4, 1, "has space")});
  EXPECT_EQ(parse_html(to_html(t)), t);
}

TEST(RoundTrip, ParsedMarkdownWritesBackTheSame) {
  for (const char* markdown : {"*bold* _it_ __u__ ~s~ ||sp|| `c`", "```py\nprint(1)```", "[a](https://e.com)",
                               "![\U0001F44D](tg://emoji?id=1)", ">a\n>b", ">a||", "___x_**__"}) {
    SCOPED_TRACE(markdown);
    EXPECT_EQ(to_markdown(parse_markdown(markdown)), markdown);
  }
  for (const char* html :
       {"<b>b</b><i>i</i><u>u</u><s>s</s><tg-spoiler>sp</tg-spoiler><code>c</code>",
        "<pre><code class=\"language-py\">print(1)</code></pre>", "<a href=\"https://e.com\">a</a>",
        "<blockquote expandable>q</blockquote>", "&lt;&amp;&gt;"}) {
    SCOPED_TRACE(html);
    EXPECT_EQ(to_html(parse_html(html)), html);
  }
}

// Random texts over characters that matter to either markup, with random
// properly nested entities; for markdown only what it can hold (no entity in
// code or pre, no style inside itself, no blockquotes: those are the corpus').
class Random {
 public:
  explicit Random(std::uint32_t seed, bool markdown_only) : rng_(seed), markdown_only_(markdown_only) {}

  FormattedText next() {
    static const char* const kPieces[] = {
        "a", "b",   " ",     "\n", "*",          "_",          "__",      "~",      "|",     "||",
        "`", "```", "[",     "]",  "(",          ")",          ">",       "!",      "\\",    ".",
        "<", "&",   "&amp;", "\"", "\U0001F44D", "\U0001F3FD", "e\u0301", "\u4f60", "\u200D"};
    const std::size_t n = pick(12);
    std::vector<std::size_t> units{0};  // the UTF-16 offset before each piece, and the end
    std::string text;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string piece = kPieces[pick(std::size(kPieces))];
      text += piece;
      units.push_back(units.back() + utf16(piece));
    }
    FormattedText t{.text = std::move(text), .entities = {}};
    fill(t, units, 0, n, {}, 0);
    return t;
  }

 private:
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  static std::size_t utf16(const std::string& s) {
    std::size_t units = 0;
    for (const unsigned char c : s) {
      if ((c & 0xc0) != 0x80) units += c >= 0xf0 ? 2 : 1;
    }
    return units;
  }

  // Entities over pieces [first, last), inside the ancestors given.
  void fill(FormattedText& t, const std::vector<std::size_t>& units, std::size_t first, std::size_t last,
            std::vector<int> ancestors, int depth) {
    if (depth > 3) return;
    std::size_t at = first;
    while (at < last) {
      const std::size_t begin = at + pick(last - at);
      if (begin == last) break;
      const std::size_t end = begin + 1 + pick(last - begin);
      const int kind = static_cast<int>(pick(markdown_only_ ? 10 : 11));
      at = end;
      if (markdown_only_ && std::find(ancestors.begin(), ancestors.end(), kind) != ancestors.end() &&
          kind <= 4) {
        continue;
      }
      // Of two entities with one range a blockquote is written outside.
      if (kind == 10 && depth > 0 && begin == first && end == last) continue;
      const auto offset = static_cast<std::int32_t>(units[begin]);
      const auto length = static_cast<std::int32_t>(units[end] - units[begin]);
      t.entities.push_back(make(kind, offset, length));
      if (markdown_only_ && (kind == 5 || kind == 6)) continue;
      std::vector<int> inner = ancestors;
      inner.push_back(kind);
      fill(t, units, begin, end, std::move(inner), depth + 1);
    }
  }

  Entity make(int kind, std::int32_t offset, std::int32_t length) {
    static const char* const kUrls[] = {"https://e.com", "https://e.com/a_(b)\\c", "u://\"<&>\""};
    switch (kind) {
      case 0:
        return bold(offset, length);
      case 1:
        return italic(offset, length);
      case 2:
        return underline(offset, length);
      case 3:
        return strike(offset, length);
      case 4:
        return spoiler(offset, length);
      case 5:
        return code(offset, length);
      case 6:
        return pre(offset, length, pick(2) ? "" : "cpp");
      case 7:
        return text_url(offset, length, kUrls[pick(std::size(kUrls))]);
      case 8:
        return mention(offset, length, static_cast<std::int64_t>(pick(1000)) + 1);
      case 9:
        return custom_emoji(offset, length, static_cast<std::int64_t>(pick(1000)) + 1);
      default:
        return blockquote(offset, length, pick(2) == 0);
    }
  }

  std::mt19937 rng_;
  bool markdown_only_;
};

TEST(RoundTrip, RandomMarkdown) {
  Random random(20240611, true);
  for (int i = 0; i < 3000; ++i) {
    const FormattedText t = random.next();
    const std::string markdown = to_markdown(t);
    SCOPED_TRACE(markdown);
    ASSERT_EQ(parse_markdown(markdown), t);
  }
}

TEST(RoundTrip, RandomHtml) {
  Random random(424242, false);
  for (int i = 0; i < 3000; ++i) {
    const FormattedText t = random.next();
    const std::string html = to_html(t);
    SCOPED_TRACE(html);
    ASSERT_EQ(parse_html(html), t);
  }
}

// Random strings of markup: a parse either throws FormatError or gives text
// that writes back to the same entities (blockquotes included).
template <std::size_t N>
std::string random_markup(std::mt19937& rng, const char* const (&pieces)[N]) {
  std::string out;
  const std::size_t n = std::uniform_int_distribution<std::size_t>(0, 16)(rng);
  for (std::size_t i = 0; i < n; ++i)
    out += pieces[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
  return out;
}

TEST(RoundTrip, WhateverMarkdownParsesWritesBack) {
  static const char* const kPieces[] = {"*",          "_",
                                        "__",         "~",
                                        "||",         "|",
                                        "`",          "```",
                                        "```c\n",     "[",
                                        "](u://x)",   "](tg://user?id=5)",
                                        "![",         "](tg://emoji?id=7)",
                                        ">",          "\n",
                                        "\\*",        "\\",
                                        "a",          " ",
                                        "\U0001F44D", "**>",
                                        "||\n",       "(",
                                        ")",          "!",
                                        "]"};
  std::mt19937 rng(99);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string markdown = random_markup(rng, kPieces);
    SCOPED_TRACE(markdown);
    FormattedText t;
    try {
      t = parse_markdown(markdown);
    } catch (const FormatError&) {
      continue;
    }
    ++parsed;
    ASSERT_EQ(parse_markdown(to_markdown(t)), t) << to_markdown(t);
    ASSERT_EQ(parse_html(to_html(t)), t) << to_html(t);
  }
  EXPECT_GT(parsed, 1000);
}

TEST(RoundTrip, WhateverHtmlParsesWritesBack) {
  static const char* const kPieces[] = {"<b>",
                                        "</b>",
                                        "<i>",
                                        "</i>",
                                        "<pre>",
                                        "</pre>",
                                        "<code class=\"language-x\">",
                                        "<code>",
                                        "</code>",
                                        "<blockquote>",
                                        "<blockquote expandable>",
                                        "</blockquote>",
                                        "<a href=\"u://&amp;\">",
                                        "</a>",
                                        "&lt;",
                                        "&",
                                        "<",
                                        "a",
                                        "\U0001F44D",
                                        "\n",
                                        ">",
                                        "<tg-spoiler>",
                                        "</tg-spoiler>"};
  std::mt19937 rng(7);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string html = random_markup(rng, kPieces);
    SCOPED_TRACE(html);
    FormattedText t;
    try {
      t = parse_html(html);
    } catch (const FormatError&) {
      continue;
    }
    ++parsed;
    ASSERT_EQ(parse_html(to_html(t)), t) << to_html(t);
  }
  EXPECT_GT(parsed, 1000);
}

}  // namespace
}  // namespace layer::client::test
