// Text with formatting, as a message carries it: plain text plus entities
// whose offset and length count UTF-16 code units (see utf16.hpp), and the two
// markups bots write it in, both ways.
//
//   FormattedText t = parse_markdown("*bold* and [a link](https://example.com)");
//   tl::functions::messages::SendMessage send{/* peer, random_id, ... */};
//   send.message = t.text;
//   send.entities = t.entities;
//   std::string html = to_html(t);  // "<b>bold</b> and <a href=\"https://example.com\">a link</a>"
//
// Markdown is Telegram's MarkdownV2: *bold* _italic_ __underline__ ~strike~
// ||spoiler|| `code` ```lang\npre``` [text](url) [text](tg://user?id=123)
// ![👍](tg://emoji?id=5368324170671202286), lines starting with > for a
// blockquote (ending its last line with || makes it expandable), and \ before
// any ASCII character for that character. "__" is always underline: between
// an italic and an underline ending at the same place put an empty bold,
// ___both_**__. Characters MarkdownV2 reserves may also stand unescaped where
// they mean nothing (a '.' or a lone '|'); to_markdown escapes them all.
//
// HTML: <b> <strong> <i> <em> <u> <ins> <s> <strike> <del> <tg-spoiler>
// <span class="tg-spoiler"> <code> <pre> <pre><code class="language-x">
// <a href="..."> (tg://user?id= for a mention) <tg-emoji emoji-id="...">
// <blockquote> <blockquote expandable>, the entities &lt; &gt; &amp; &quot; and
// &#N; &#xN;. A bare '>' is taken as itself; '<' and '&' must be escaped.
// Unknown attributes of a known tag are ignored.
//
// Errors: every function throws FormatError (a std::invalid_argument) naming
// what is wrong and its byte offset: invalid UTF-8, an unclosed, mismatched or
// unknown tag or marker, a bad entity or URL. Parsing never drops text.
//
// Entities come out sorted by offset, the outer of two starting together
// first (of two with one range: a blockquote, else the one written first), and
// empty ones are dropped (Telegram drops them too). The writers
// take them in any order and nest them the same way, so that
// parse_markdown(to_markdown(t)) == t and parse_html(to_html(t)) == t for text
// whose entities are sorted so and properly nested. Entities that overlap
// without nesting are split where they cross; entities Telegram finds by itself
// (mentions, hashtags, URLs, commands, ...) are left out of the markup, the
// text stays. Markdown cannot hold everything HTML can: to_markdown throws for
// an entity inside code or pre, a style inside itself, a blockquote that is not
// whole lines outside every other entity or is followed at once by another
// entity, a pre language with spaces or backslashes, a link without a URL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "layer/client/format_error.hpp"
#include "layer/tl/fwd.hpp"

namespace layer::client {

struct FormattedText {
  std::string text;
  std::vector<tl::enums::MessageEntity> entities;

  friend bool operator==(const FormattedText&, const FormattedText&) = default;
};

FormattedText parse_markdown(std::string_view markdown);
FormattedText parse_html(std::string_view html);

std::string to_markdown(const FormattedText& text);
std::string to_html(const FormattedText& text);

}  // namespace layer::client
