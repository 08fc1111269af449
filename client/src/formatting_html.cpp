// Telegram's HTML both ways; see formatting.hpp for the tags. The parser
// keeps the open tags on a stack: a closing tag must name the one on top.
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "formatting_spans.hpp"
#include "layer/client/formatting.hpp"
#include "utf8.hpp"

namespace layer::client {
namespace {

using detail::Span;
using detail::Style;

constexpr std::string_view kUserUrl = "tg://user?id=";
constexpr std::string_view kLanguage = "language-";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == ':';
}
char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::optional<std::int64_t> integer(std::string_view digits, int base = 10) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

struct Attribute {
  std::string name;
  std::string value;
};

class Parser {
 public:
  explicit Parser(std::string_view in) : in_(in) {}

  FormattedText run() && {
    detail::validate_utf8(in_);
    while (pos_ < in_.size()) {
      if (in_[pos_] == '<') {
        tag();
      } else if (in_[pos_] == '&') {
        out_.append(entity(pos_, in_.size()));
      } else {
        const std::size_t end = std::min(in_.find_first_of("<&", pos_), in_.size());
        out_.append(in_.substr(pos_, end - pos_));
        pos_ = end;
      }
    }
    if (!open_.empty()) {
      throw FormatError(open_.back().at, "unclosed <" + open_.back().tag + "> opened at byte " +
                                             std::to_string(open_.back().at));
    }
    return std::move(out_).finish(in_.size());
  }

 private:
  struct Open {
    std::string tag;
    std::optional<std::size_t> handle;  // none for the <code> naming the language of a <pre>
    std::size_t at;
  };

  // The character of the entity at in_[i], which ends before limit, moving i past it.
  char32_t entity(std::size_t& i, std::size_t limit) const {
    const std::size_t at = i;
    const std::size_t semi = in_.find(';', i + 1);
    const std::string_view name = semi >= limit ? "" : in_.substr(i + 1, semi - i - 1);
    if (name.empty() || name.size() > 10 || name.find_first_of(" \t\n\r&<>") != std::string_view::npos) {
      throw FormatError(at, "'&' starts no entity; write &amp; for a '&' in the text");
    }
    i = semi + 1;
    if (name == "lt") return '<';
    if (name == "gt") return '>';
    if (name == "amp") return '&';
    if (name == "quot") return '"';
    if (name.front() == '#') {
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      const auto value = integer(name.substr(hex ? 2 : 1), hex ? 16 : 10);
      if (!value || *value < 1 || *value > 0x10ffff || (*value >= 0xd800 && *value <= 0xdfff)) {
        throw FormatError(at, "&" + std::string(name) + "; is not a Unicode character");
      }
      return static_cast<char32_t>(*value);
    }
    throw FormatError(at, "unknown entity &" + std::string(name) + ";");
  }

  void skip_space(std::size_t& i) const {
    while (i < in_.size() && is_space(in_[i])) ++i;
  }

  void tag() {
    const std::size_t at = pos_;
    std::size_t i = pos_ + 1;
    const bool closing = i < in_.size() && in_[i] == '/';
    if (closing) ++i;
    std::string name;
    const bool letter = i < in_.size() && lower(in_[i]) >= 'a' && lower(in_[i]) <= 'z';
    for (; letter && i < in_.size() && is_name_char(in_[i]); ++i) name += lower(in_[i]);
    if (name.empty()) {
      throw FormatError(
          at, closing ? "'</' names no tag" : "'<' starts no tag; write &lt; for a '<' in the text");
    }
    std::vector<Attribute> attributes;
    while (true) {
      skip_space(i);
      if (i == in_.size()) throw FormatError(at, "unterminated tag <" + name);
      if (in_[i] == '>') break;
      if (closing) throw FormatError(i, "the closing tag </" + name + "> takes no attributes");
      if (in_[i] == '/') throw FormatError(i, "self-closing tags such as <" + name + "/> are not supported");
      attributes.push_back(attribute(i, name));
    }
    pos_ = i + 1;
    if (closing) {
      close_tag(name, at);
    } else {
      open_tag(name, attributes, at);
    }
  }

  Attribute attribute(std::size_t& i, const std::string& tag) const {
    Attribute a;
    for (; i < in_.size() && is_name_char(in_[i]); ++i) a.name += lower(in_[i]);
    if (a.name.empty())
      throw FormatError(i, "unexpected " + std::string(1, in_[i]) + " in the tag <" + tag + ">");
    skip_space(i);
    if (i == in_.size() || in_[i] != '=') return a;  // an attribute without a value
    ++i;
    skip_space(i);
    if (i == in_.size()) throw FormatError(i, "unterminated tag <" + tag);
    const bool quoted = in_[i] == '"' || in_[i] == '\'';
    std::size_t end = i;
    if (quoted) {
      end = in_.find(in_[i], i + 1);
      if (end == std::string_view::npos) {
        throw FormatError(i, "unclosed value of the attribute " + a.name + " of <" + tag + ">");
      }
      ++i;
    } else {
      while (end < in_.size() && !is_space(in_[end]) && in_[end] != '>') ++end;
      if (end == i) throw FormatError(i, "no value for the attribute " + a.name + " of <" + tag + ">");
    }
    while (i < end) {
      if (in_[i] == '&') {
        detail::append_utf8(a.value, entity(i, end));
      } else {
        a.value += in_[i++];
      }
    }
    i = quoted ? end + 1 : end;
    return a;
  }

  void open_tag(const std::string& name, const std::vector<Attribute>& attributes, std::size_t at) {
    auto find = [&](std::string_view key) -> const std::string* {
      const std::string* found = nullptr;
      for (const Attribute& a : attributes) {
        if (a.name == key) found = &a.value;
      }
      return found;
    };
    Span span;
    if (name == "b" || name == "strong") {
      span.style = Style::bold;
    } else if (name == "i" || name == "em") {
      span.style = Style::italic;
    } else if (name == "u" || name == "ins") {
      span.style = Style::underline;
    } else if (name == "s" || name == "strike" || name == "del") {
      span.style = Style::strike;
    } else if (name == "tg-spoiler") {
      span.style = Style::spoiler;
    } else if (name == "span") {
      const std::string* cls = find("class");
      if (!cls || *cls != "tg-spoiler") {
        throw FormatError(at, "<span> is only for spoilers, as <span class=\"tg-spoiler\">");
      }
      span.style = Style::spoiler;
    } else if (name == "code") {
      const std::string* cls = find("class");
      if (cls && cls->starts_with(kLanguage) && names_language(*cls)) {
        open_.push_back(Open{name, std::nullopt, at});
        return;
      }
      span.style = Style::code;
    } else if (name == "pre") {
      span.style = Style::pre;
    } else if (name == "a") {
      const std::string* href = find("href");
      if (!href || href->empty()) throw FormatError(at, "<a> needs an href");
      if (href->starts_with(kUserUrl)) {
        const auto id = integer(std::string_view(*href).substr(kUserUrl.size()));
        if (!id) throw FormatError(at, "not a user id in href=\"" + *href + "\"");
        span.style = Style::mention_name;
        span.id = *id;
      } else {
        span.style = Style::text_url;
        span.argument = *href;
      }
    } else if (name == "tg-emoji") {
      const std::string* id = find("emoji-id");
      const auto value = id ? integer(*id) : std::nullopt;
      if (!value) throw FormatError(at, "<tg-emoji> needs emoji-id=\"<document id>\"");
      span.style = Style::custom_emoji;
      span.id = *value;
    } else if (name == "blockquote") {
      span.style = Style::blockquote;
      span.collapsed = find("expandable") != nullptr;
    } else {
      throw FormatError(at, "unknown tag <" + name + ">");
    }
    open_.push_back(Open{name, out_.open(std::move(span)), at});
  }

  // <code class="language-x"> first thing in a <pre> gives the pre its
  // language instead of being an entity; anywhere else the class means nothing.
  bool names_language(const std::string& cls) {
    if (open_.empty() || open_.back().tag != "pre" || !open_.back().handle) return false;
    Span& pre = out_.span(*open_.back().handle);
    if (pre.begin != out_.position() || !pre.argument.empty()) return false;
    pre.argument = cls.substr(kLanguage.size());
    return true;
  }

  void close_tag(const std::string& name, std::size_t at) {
    if (open_.empty()) throw FormatError(at, "</" + name + "> closes nothing");
    const Open& top = open_.back();
    if (top.tag != name) {
      throw FormatError(at, "</" + name + "> does not close the <" + top.tag + "> opened at byte " +
                                std::to_string(top.at));
    }
    if (top.handle) out_.close(*top.handle);
    open_.pop_back();
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  detail::TextBuilder out_;
  std::vector<Open> open_;
};

void escape(std::string& out, std::string_view text, bool attribute) {
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      default:
        out += c;
    }
  }
}

void open_tag(std::string& out, const Span& s) {
  switch (s.style) {
    case Style::bold:
      out += "<b>";
      break;
    case Style::italic:
      out += "<i>";
      break;
    case Style::underline:
      out += "<u>";
      break;
    case Style::strike:
      out += "<s>";
      break;
    case Style::spoiler:
      out += "<tg-spoiler>";
      break;
    case Style::code:
      out += "<code>";
      break;
    case Style::pre:
      if (s.argument.empty()) {
        out += "<pre>";
      } else {
        out += "<pre><code class=\"language-";
        escape(out, s.argument, true);
        out += "\">";
      }
      break;
    case Style::text_url:
      out += "<a href=\"";
      escape(out, s.argument, true);
      out += "\">";
      break;
    case Style::mention_name:
      out += "<a href=\"" + std::string(kUserUrl) + std::to_string(s.id) + "\">";
      break;
    case Style::custom_emoji:
      out += "<tg-emoji emoji-id=\"" + std::to_string(s.id) + "\">";
      break;
    case Style::blockquote:
      out += s.collapsed ? "<blockquote expandable>" : "<blockquote>";
      break;
  }
}

void close_tag(std::string& out, const Span& s) {
  switch (s.style) {
    case Style::bold:
      out += "</b>";
      break;
    case Style::italic:
      out += "</i>";
      break;
    case Style::underline:
      out += "</u>";
      break;
    case Style::strike:
      out += "</s>";
      break;
    case Style::spoiler:
      out += "</tg-spoiler>";
      break;
    case Style::code:
      out += "</code>";
      break;
    case Style::pre:
      out += s.argument.empty() ? "</pre>" : "</code></pre>";
      break;
    case Style::text_url:
    case Style::mention_name:
      out += "</a>";
      break;
    case Style::custom_emoji:
      out += "</tg-emoji>";
      break;
    case Style::blockquote:
      out += "</blockquote>";
      break;
  }
}

}  // namespace

FormattedText parse_html(std::string_view html) {
  return Parser(html).run();
}

std::string to_html(const FormattedText& text) {
  const std::vector<Span> spans = detail::nested_spans(text);
  std::string out;
  detail::walk_spans(
      text.text, spans, [&](std::string_view run) { escape(out, run, false); },
      [&](const Span& s) { open_tag(out, s); }, [&](const Span& s) { close_tag(out, s); });
  return out;
}

}  // namespace layer::client
