// MarkdownV2 both ways; see formatting.hpp for the syntax.
//
// The parser keeps the open entities on a stack: a marker closes the entity on
// top when it is of its kind and opens one otherwise, so entities nest and
// never cross. A blockquote lies at the bottom of the stack; it goes on over
// each newline followed by '>' (with nothing written yet on the line) and ends
// before the first newline that is not, which is known only on reading what
// follows it, so it is "pending" until then.
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "formatting_spans.hpp"
#include "layer/client/formatting.hpp"
#include "utf8.hpp"

namespace layer::client {
namespace {

using detail::Span;
using detail::Style;

constexpr std::string_view kUserUrl = "tg://user?id=";
constexpr std::string_view kEmojiUrl = "tg://emoji?id=";
// What MarkdownV2 reserves outside code; to_markdown escapes all of it.
constexpr std::string_view kReserved = "_*[]()~`>#+-=|{}.!\\";

std::string_view marker(Style style) {
  switch (style) {
    case Style::bold:
      return "*";
    case Style::italic:
      return "_";
    case Style::underline:
      return "__";
    case Style::strike:
      return "~";
    case Style::spoiler:
      return "||";
    default:
      return "";
  }
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

bool is_toggle(Style style) {
  return !marker(style).empty();
}

std::optional<std::int64_t> id_after(std::string_view url, std::string_view prefix) {
  if (!url.starts_with(prefix)) return std::nullopt;
  const std::string_view digits = url.substr(prefix.size());
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return id;
}

class Parser {
 public:
  explicit Parser(std::string_view in) : in_(in) {}

  FormattedText run() && {
    detail::validate_utf8(in_);
    while (pos_ < in_.size()) step();
    settle();
    while (!open_.empty()) {
      if (open_.back().style != Style::blockquote) {
        throw FormatError(open_.back().at, "unclosed " + what(open_.back()));
      }
      close_top();
    }
    return std::move(out_).finish(in_.size());
  }

 private:
  struct Open {
    std::size_t handle;
    Style style;
    std::size_t at;  // the marker's byte in the input
  };

  static std::string what(const Open& o) {
    return std::string(detail::style_name(o.style)) + " opened at byte " + std::to_string(o.at);
  }

  void step() {
    const char c = in_[pos_];
    if (c == '>' && at_line_start()) return quote_marker();
    settle();
    switch (c) {
      case '\\':
        return escape();
      case '*':
        return toggle(Style::bold);
      case '~':
        return toggle(Style::strike);
      case '_':
        return toggle(next_is(1, '_') ? Style::underline : Style::italic);
      case '|':
        if (!next_is(1, '|')) return literal();
        if (top_is(Style::blockquote) && (pos_ + 2 == in_.size() || in_[pos_ + 2] == '\n')) {
          out_.span(open_.back().handle).collapsed = true;
          close_top();
          pos_ += 2;
          return;
        }
        return toggle(Style::spoiler);
      case '`':
        return next_is(1, '`') && next_is(2, '`') ? pre() : code();
      case '[':
        return open_link(Style::text_url, 1);
      case '!':
        return next_is(1, '[') ? open_link(Style::custom_emoji, 2) : literal();
      case ']':
        return close_link();
      case '\n':
        return newline();
      default:
        return plain();
    }
  }

  bool next_is(std::size_t ahead, char c) const {
    return pos_ + ahead < in_.size() && in_[pos_ + ahead] == c;
  }
  bool top_is(Style style) const { return !open_.empty() && open_.back().style == style; }
  bool at_line_start() const { return out_.position() == line_start_; }

  void close_top() {
    out_.close(open_.back().handle);
    open_.pop_back();
  }

  // The blockquote left pending by the last newline ends there, unless it is
  // going on (quote_marker); everything inside it must be closed by then.
  void settle() {
    if (!quote_pending_) return;
    quote_pending_ = false;
    if (open_.size() > 1) {
      throw FormatError(open_.back().at, what(open_.back()) +
                                             " is still open where the blockquote opened at byte " +
                                             std::to_string(open_.front().at) + " ends");
    }
    out_.span(open_.front().handle).end = quote_end_;
    open_.pop_back();
  }

  void quote_marker() {
    if (quote_pending_) {
      quote_pending_ = false;
    } else if (open_.empty()) {
      open_.push_back(Open{out_.open(Span{.style = Style::blockquote}), Style::blockquote, pos_});
    } else if (open_.front().style != Style::blockquote) {
      throw FormatError(pos_, "a blockquote cannot start inside the " + what(open_.back()));
    } else {
      // A line of the quote after a newline inside code: the '>' is text.
      return literal();
    }
    ++pos_;
  }

  void newline() {
    append("\n");
    ++pos_;
    if (!open_.empty() && open_.front().style == Style::blockquote) {
      quote_pending_ = true;
      quote_end_ = out_.position() - 1;
    }
  }

  void escape() {
    const auto next = pos_ + 1 < in_.size() ? static_cast<unsigned char>(in_[pos_ + 1]) : 0;
    if (next < 1 || next > 126)
      throw FormatError(pos_, "'\\' must be followed by the ASCII character it escapes");
    append(in_.substr(pos_ + 1, 1));
    pos_ += 2;
  }

  void literal() {
    append(in_.substr(pos_, 1));
    ++pos_;
  }

  void plain() {
    const std::size_t end = std::min(in_.find_first_of("\\*~_|`[!]>\n", pos_ + 1), in_.size());
    append(in_.substr(pos_, end - pos_));
    pos_ = end;
  }

  // Keeps line_start_ at the position after the last newline of the text.
  void append(std::string_view text) {
    const std::size_t newline = text.rfind('\n');
    if (newline == std::string_view::npos) return out_.append(text);
    out_.append(text.substr(0, newline + 1));
    line_start_ = out_.position();
    out_.append(text.substr(newline + 1));
  }

  void toggle(Style style) {
    const std::string_view m = marker(style);
    if (top_is(style)) {
      close_top();
    } else {
      for (const Open& o : open_) {
        if (o.style == style) {
          throw FormatError(pos_, quoted(m) + " would end the " + what(o) + " while the " +
                                      what(open_.back()) + " inside it is still open");
        }
      }
      open_.push_back(Open{out_.open(Span{.style = style}), style, pos_});
    }
    pos_ += m.size();
  }

  void code() {
    const std::size_t at = pos_++;
    const std::size_t handle = out_.open(Span{.style = Style::code});
    while (true) {
      if (pos_ == in_.size())
        throw FormatError(at, "unclosed code ('`') opened at byte " + std::to_string(at));
      if (in_[pos_] == '\\') {
        escape();
      } else if (in_[pos_] == '`') {
        ++pos_;
        return out_.close(handle);
      } else {
        const std::size_t end = std::min(in_.find_first_of("\\`", pos_), in_.size());
        append(in_.substr(pos_, end - pos_));
        pos_ = end;
      }
    }
  }

  void pre() {
    const std::size_t at = pos_;
    pos_ += 3;
    // A first line of one word is the language; else the code starts at once.
    std::string language;
    const std::size_t line_end = in_.find_first_of("\n` \t\r\\", pos_);
    if (line_end != std::string_view::npos && in_[line_end] == '\n') {
      language = in_.substr(pos_, line_end - pos_);
      pos_ = line_end + 1;
    }
    const std::size_t handle = out_.open(Span{.style = Style::pre, .argument = std::move(language)});
    while (true) {
      if (pos_ == in_.size())
        throw FormatError(at, "unclosed pre ('```') opened at byte " + std::to_string(at));
      if (in_[pos_] == '\\') {
        escape();
      } else if (in_.substr(pos_, 3) == "```") {
        pos_ += 3;
        return out_.close(handle);
      } else {
        const std::size_t end = std::min(in_.find_first_of("\\`", pos_ + 1), in_.size());
        append(in_.substr(pos_, end - pos_));
        pos_ = end;
      }
    }
  }

  void open_link(Style style, std::size_t width) {
    open_.push_back(Open{out_.open(Span{.style = style}), style, pos_});
    pos_ += width;
  }

  void close_link() {
    if (!top_is(Style::text_url) && !top_is(Style::custom_emoji)) {
      for (const Open& o : open_) {
        if (o.style == Style::text_url || o.style == Style::custom_emoji) {
          throw FormatError(pos_, "']' would end the " + what(o) + " while the " + what(open_.back()) +
                                      " inside it is still open");
        }
      }
      return literal();
    }
    const Open link = open_.back();
    if (!next_is(1, '(')) {
      throw FormatError(pos_, "the ']' of the " + what(link) + " must be followed by '(' and the URL");
    }
    const std::size_t url_at = pos_ + 2;
    std::string url;
    pos_ = url_at;
    while (true) {
      if (pos_ == in_.size()) throw FormatError(url_at - 1, "unclosed '(' of the URL of the " + what(link));
      const char c = in_[pos_];
      if (c == ')') break;
      if (c == '\\') {
        const auto next = pos_ + 1 < in_.size() ? static_cast<unsigned char>(in_[pos_ + 1]) : 0;
        if (next < 1 || next > 126) {
          throw FormatError(pos_, "'\\' must be followed by the ASCII character it escapes");
        }
        url += in_[pos_ + 1];
        pos_ += 2;
      } else {
        url += c;
        ++pos_;
      }
    }
    ++pos_;
    Span& span = out_.span(link.handle);
    if (link.style == Style::custom_emoji) {
      const auto id = id_after(url, kEmojiUrl);
      if (!id)
        throw FormatError(url_at, "a custom emoji needs (tg://emoji?id=<document id>), not (" + url + ")");
      span.id = *id;
    } else if (url.starts_with(kUserUrl)) {
      const auto id = id_after(url, kUserUrl);
      if (!id) throw FormatError(url_at, "not a user id in (" + url + ")");
      span.style = Style::mention_name;
      span.id = *id;
    } else if (url.empty()) {
      throw FormatError(url_at, "the URL of the " + what(link) + " is empty");
    } else {
      span.argument = std::move(url);
    }
    close_top();
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  detail::TextBuilder out_;
  std::vector<Open> open_;
  std::size_t line_start_ = 0;  // UTF-16 position after the last newline
  bool quote_pending_ = false;
  std::size_t quote_end_ = 0;  // UTF-16 position of the newline a pending quote ends at
};

class Writer {
 public:
  explicit Writer(std::string_view text) : text_(text) {}

  void text(std::string_view run) {
    const bool literal =
        !open_.empty() && (open_.back()->style == Style::code || open_.back()->style == Style::pre);
    const bool in_quote = !open_.empty() && open_.front()->style == Style::blockquote;
    after_italic_ = false;
    for (const char c : run) {
      if (literal ? c == '`' || c == '\\' : kReserved.find(c) != std::string_view::npos) out_ += '\\';
      out_ += c;
      if (c == '\n' && in_quote && !literal) out_ += '>';
    }
  }

  void open(const Span& s) {
    const std::string name(detail::style_name(s.style));
    if (!open_.empty()) {
      const Span& top = *open_.back();
      if (top.style == Style::code || top.style == Style::pre) {
        throw FormatError(
            s.begin, "markdown cannot put " + name + " inside " + std::string(detail::style_name(top.style)));
      }
    }
    for (const Span* o : open_) {
      if (o->style == s.style && (is_toggle(s.style) || s.style == Style::blockquote)) {
        throw FormatError(s.begin, "markdown cannot put " + name + " inside " + name);
      }
    }
    if (quote_end_ == s.begin) {
      throw FormatError(s.begin, "markdown cannot start " + name + " right where a blockquote ends");
    }
    switch (s.style) {
      case Style::blockquote:
        open_quote(s);
        break;
      case Style::pre:
        if (s.argument.find_first_of("\n` \t\r\\") != std::string::npos) {
          throw FormatError(s.begin, "markdown cannot write the pre language " + quoted(s.argument));
        }
        put("```" + s.argument + "\n");
        break;
      case Style::code:
        put("`");
        break;
      case Style::text_url:
      case Style::mention_name:
        put("[");
        break;
      case Style::custom_emoji:
        put("![");
        break;
      case Style::spoiler:
        put("||");
        // "||" before a newline, right inside a blockquote, would end the quote.
        if (!open_.empty() && open_.back()->style == Style::blockquote && text_[s.begin] == '\n')
          put(separator());
        break;
      default:
        toggle_marker(s.style);
    }
    open_.push_back(&s);
  }

  void close(const Span& s) {
    open_.pop_back();
    switch (s.style) {
      case Style::blockquote:
        if (s.collapsed) {
          put("||");
        } else {
          plain_quote_end_ = s.end;
        }
        quote_end_ = s.end;
        break;
      case Style::pre:
        put("```");
        break;
      case Style::code:
        put("`");
        break;
      case Style::text_url:
        if (s.argument.empty()) throw FormatError(s.begin, "a link with an empty URL");
        put("](" + escape_url(s.argument) + ")");
        break;
      case Style::mention_name:
        put("](" + std::string(kUserUrl) + std::to_string(s.id) + ")");
        break;
      case Style::custom_emoji:
        put("](" + std::string(kEmojiUrl) + std::to_string(s.id) + ")");
        break;
      default:
        toggle_marker(s.style);
    }
  }

  std::string take() && { return std::move(out_); }

 private:
  void open_quote(const Span& s) {
    if (!open_.empty()) {
      throw FormatError(s.begin,
                        "markdown can write a blockquote only outside every other entity, not inside " +
                            std::string(detail::style_name(open_.back()->style)));
    }
    if (s.begin != 0 && text_[s.begin - 1] != '\n') {
      throw FormatError(s.begin, "a markdown blockquote must start at the start of a line");
    }
    if (s.end != text_.size() && text_[s.end] != '\n') {
      throw FormatError(s.end, "a markdown blockquote must end at the end of a line");
    }
    // Right after a quote that ended without "||", a '>' would go on with it.
    if (s.begin != 0 && plain_quote_end_ == s.begin - 1) put(separator());
    put(">");
  }

  // "__" is read first, so a '_' of italic followed by another marker made of
  // '_' would be misread; an empty entity between them keeps them apart.
  void toggle_marker(Style style) {
    const std::string_view m = marker(style);
    if (m.front() == '_' && after_italic_) put(separator());
    put(m);
    after_italic_ = style == Style::italic;
  }

  // An empty entity of a kind not open here, so that its markers cannot end anything.
  std::string_view separator() const {
    auto is_open = [&](Style style) {
      for (const Span* o : open_) {
        if (o->style == style) return true;
      }
      return false;
    };
    if (!is_open(Style::bold)) return "**";
    if (!is_open(Style::strike)) return "~~";
    return "``";
  }

  void put(std::string_view s) {
    out_ += s;
    after_italic_ = false;
  }

  static std::string escape_url(std::string_view url) {
    std::string out;
    for (const char c : url) {
      if (c == ')' || c == '\\') out += '\\';
      out += c;
    }
    return out;
  }

  std::string_view text_;
  std::string out_;
  std::vector<const Span*> open_;
  bool after_italic_ = false;
  std::size_t quote_end_ = std::string_view::npos;        // byte where the last blockquote ended
  std::size_t plain_quote_end_ = std::string_view::npos;  // the same, for one without "||"
};

}  // namespace

FormattedText parse_markdown(std::string_view markdown) {
  return Parser(markdown).run();
}

std::string to_markdown(const FormattedText& text) {
  const std::vector<Span> spans = detail::nested_spans(text);
  Writer w(text.text);
  detail::walk_spans(
      text.text, spans, [&](std::string_view run) { w.text(run); }, [&](const Span& s) { w.open(s); },
      [&](const Span& s) { w.close(s); });
  return std::move(w).take();
}

}  // namespace layer::client
