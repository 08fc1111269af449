#include "formatting_spans.hpp"

#include <limits>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "layer/tl/types/root.hpp"
#include "utf8.hpp"

namespace layer::client::detail {
namespace {

namespace types = tl::types;

tl::enums::MessageEntity entity_of(const Span& s) {
  const auto offset = static_cast<std::int32_t>(s.begin);
  const auto length = static_cast<std::int32_t>(s.end - s.begin);
  switch (s.style) {
    case Style::bold:
      return types::MessageEntityBold{.offset = offset, .length = length};
    case Style::italic:
      return types::MessageEntityItalic{.offset = offset, .length = length};
    case Style::underline:
      return types::MessageEntityUnderline{.offset = offset, .length = length};
    case Style::strike:
      return types::MessageEntityStrike{.offset = offset, .length = length};
    case Style::spoiler:
      return types::MessageEntitySpoiler{.offset = offset, .length = length};
    case Style::code:
      return types::MessageEntityCode{.offset = offset, .length = length};
    case Style::pre:
      return types::MessageEntityPre{.offset = offset, .length = length, .language = s.argument};
    case Style::text_url:
      return types::MessageEntityTextUrl{.offset = offset, .length = length, .url = s.argument};
    case Style::mention_name:
      return types::MessageEntityMentionName{.offset = offset, .length = length, .user_id = s.id};
    case Style::custom_emoji:
      return types::MessageEntityCustomEmoji{.offset = offset, .length = length, .document_id = s.id};
    case Style::blockquote:
      return types::MessageEntityBlockquote{.collapsed = s.collapsed, .offset = offset, .length = length};
  }
  return {};
}

// An entity the markups can write, with its range still in UTF-16 code units.
struct Listed {
  Span span;
  std::int64_t offset = 0;
  std::int64_t length = 0;
};

template <class T>
Listed listed(const T& e, Style style) {
  return Listed{.span = Span{.style = style}, .offset = e.offset, .length = e.length};
}

std::optional<Listed> listed(const tl::enums::MessageEntity& e) {
  if (auto* b = e.as<types::MessageEntityBold>()) return listed(*b, Style::bold);
  if (auto* i = e.as<types::MessageEntityItalic>()) return listed(*i, Style::italic);
  if (auto* u = e.as<types::MessageEntityUnderline>()) return listed(*u, Style::underline);
  if (auto* s = e.as<types::MessageEntityStrike>()) return listed(*s, Style::strike);
  if (auto* s = e.as<types::MessageEntitySpoiler>()) return listed(*s, Style::spoiler);
  if (auto* c = e.as<types::MessageEntityCode>()) return listed(*c, Style::code);
  if (auto* p = e.as<types::MessageEntityPre>()) {
    Listed out = listed(*p, Style::pre);
    out.span.argument = p->language;
    return out;
  }
  if (auto* t = e.as<types::MessageEntityTextUrl>()) {
    Listed out = listed(*t, Style::text_url);
    out.span.argument = t->url;
    return out;
  }
  if (auto* m = e.as<types::MessageEntityMentionName>()) {
    Listed out = listed(*m, Style::mention_name);
    out.span.id = m->user_id;
    return out;
  }
  if (auto* c = e.as<types::MessageEntityCustomEmoji>()) {
    Listed out = listed(*c, Style::custom_emoji);
    out.span.id = c->document_id;
    return out;
  }
  if (auto* q = e.as<types::MessageEntityBlockquote>()) {
    Listed out = listed(*q, Style::blockquote);
    out.span.collapsed = q->collapsed;
    return out;
  }
  return std::nullopt;
}

// The byte at which each UTF-16 code unit of text starts, npos for the second
// half of a surrogate pair, and the text's size after the last.
std::vector<std::size_t> byte_of_unit(std::string_view text) {
  std::vector<std::size_t> bytes;
  bytes.reserve(text.size() + 1);
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    bytes.push_back(start);
    if (utf16_units(decode_utf8(text, pos)) == 2) bytes.push_back(std::string_view::npos);
  }
  bytes.push_back(text.size());
  return bytes;
}

struct Ordered {
  Span span;
  std::size_t index = 0;  // in the entity list: the earlier is outer of two alike
};

struct Nesting {
  bool operator()(const Ordered& a, const Ordered& b) const noexcept {
    auto key = [](const Ordered& o) {
      return std::tuple(o.span.begin, std::numeric_limits<std::size_t>::max() - o.span.end,
                        o.span.style != Style::blockquote, o.index);
    };
    return key(a) < key(b);
  }
};

}  // namespace

std::string_view style_name(Style style) noexcept {
  switch (style) {
    case Style::bold:
      return "bold";
    case Style::italic:
      return "italic";
    case Style::underline:
      return "underline";
    case Style::strike:
      return "strikethrough";
    case Style::spoiler:
      return "spoiler";
    case Style::code:
      return "code";
    case Style::pre:
      return "pre";
    case Style::text_url:
      return "link";
    case Style::mention_name:
      return "mention";
    case Style::custom_emoji:
      return "custom emoji";
    case Style::blockquote:
      return "blockquote";
  }
  return "entity";
}

void TextBuilder::append(std::string_view utf8) {
  for (std::size_t pos = 0; pos < utf8.size();) units_ += utf16_units(decode_utf8(utf8, pos));
  text_ += utf8;
}

void TextBuilder::append(char32_t c) {
  append_utf8(text_, c);
  units_ += utf16_units(c);
}

std::size_t TextBuilder::open(Span span) {
  span.begin = span.end = units_;
  spans_.push_back(std::move(span));
  return spans_.size() - 1;
}

FormattedText TextBuilder::finish(std::size_t input_size) && {
  if (units_ > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw FormatError(input_size, "the text is longer than Telegram's 2^31 - 1 UTF-16 code units");
  }
  std::erase_if(spans_, [](const Span& s) { return s.begin == s.end; });
  // Stable: of two with the same range (and neither a blockquote) the one
  // opened first is the outer.
  std::stable_sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.style == Style::blockquote && b.style != Style::blockquote;
  });
  FormattedText out{.text = std::move(text_), .entities = {}};
  out.entities.reserve(spans_.size());
  for (const Span& s : spans_) out.entities.push_back(entity_of(s));
  return out;
}

std::vector<Span> nested_spans(const FormattedText& text) {
  const std::vector<std::size_t> bytes = byte_of_unit(text.text);
  const std::size_t units = bytes.size() - 1;
  std::multiset<Ordered, Nesting> pending;
  for (std::size_t i = 0; i < text.entities.size(); ++i) {
    std::optional<Listed> e = listed(text.entities[i]);
    if (!e) continue;
    const std::string what = std::string(style_name(e->span.style)) + " entity #" + std::to_string(i);
    if (e->offset < 0 || e->length < 0) throw FormatError(0, what + " has a negative offset or length");
    if (static_cast<std::size_t>(e->offset + e->length) > units) {
      throw FormatError(text.text.size(), what + " ends at UTF-16 offset " +
                                              std::to_string(e->offset + e->length) + ", past the text's " +
                                              std::to_string(units));
    }
    if (e->length == 0) continue;
    for (const std::int64_t unit : {e->offset, e->offset + e->length}) {
      if (bytes[static_cast<std::size_t>(unit)] == std::string_view::npos) {
        throw FormatError(bytes[static_cast<std::size_t>(unit) - 1], what + " splits a surrogate pair");
      }
    }
    e->span.begin = bytes[static_cast<std::size_t>(e->offset)];
    e->span.end = bytes[static_cast<std::size_t>(e->offset + e->length)];
    pending.insert(Ordered{.span = std::move(e->span), .index = i});
  }

  std::vector<Span> out;
  std::vector<std::size_t> enclosing;  // the end of each span open around the next
  while (!pending.empty()) {
    Ordered o = std::move(pending.extract(pending.begin()).value());
    while (!enclosing.empty() && enclosing.back() <= o.span.begin) enclosing.pop_back();
    if (!enclosing.empty() && o.span.end > enclosing.back()) {
      Ordered rest = o;
      rest.span.begin = enclosing.back();
      o.span.end = enclosing.back();
      pending.insert(std::move(rest));
    }
    enclosing.push_back(o.span.end);
    out.push_back(std::move(o.span));
  }
  return out;
}

}  // namespace layer::client::detail
