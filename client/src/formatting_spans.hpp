// What the markdown and HTML parsers and writers share: an entity as a span of
// the text, the builder the parsers fill, and the nested order the writers
// walk. Telegram's entities count UTF-16 code units, the writers bytes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "layer/client/formatting.hpp"

namespace layer::client::detail {

enum class Style : std::uint8_t {
  bold,
  italic,
  underline,
  strike,
  spoiler,
  code,
  pre,
  text_url,
  mention_name,
  custom_emoji,
  blockquote,
};

// "bold", "custom emoji", ..., for error messages.
std::string_view style_name(Style style) noexcept;

struct Span {
  Style style{};
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string argument{};  // the URL of text_url, the language of pre
  std::int64_t id = 0;     // the user of mention_name, the document of custom_emoji
  bool collapsed = false;  // of blockquote
};

// The text and the spans of a parse, counted in UTF-16 code units as the text
// grows. A span is opened where the text stands and closed later.
class TextBuilder {
 public:
  void append(std::string_view utf8);  // well-formed UTF-8
  void append(char32_t c);
  std::size_t position() const noexcept { return units_; }
  // Returns a handle for span() and close().
  std::size_t open(Span span);
  Span& span(std::size_t handle) { return spans_[handle]; }
  void close(std::size_t handle) { spans_[handle].end = units_; }
  // Throws FormatError at input_size when the text is too long for Telegram's
  // 32-bit offsets.
  FormattedText finish(std::size_t input_size) &&;

 private:
  std::string text_;
  std::size_t units_ = 0;
  std::vector<Span> spans_;
};

// The spans of text.entities in bytes of text.text, properly nested: sorted by
// begin, the outer first (the longer, or for equal ranges a blockquote, else the
// one listed first). Empty entities and the kinds Telegram detects itself are
// left out; one that crosses the end of an enclosing one is split there.
// Throws FormatError for an entity outside the text, of negative length or
// splitting a surrogate pair, and for invalid UTF-8 in the text.
std::vector<Span> nested_spans(const FormattedText& text);

// Walks text in order: on_text for each run of text between span boundaries,
// on_close for the spans ending at a boundary (innermost first), then on_open
// for those starting there (outermost first).
template <class OnText, class OnOpen, class OnClose>
void walk_spans(std::string_view text, const std::vector<Span>& spans, OnText on_text, OnOpen on_open,
                OnClose on_close) {
  std::vector<const Span*> open;
  std::size_t next = 0;
  std::size_t pos = 0;
  while (true) {
    while (!open.empty() && open.back()->end == pos) {
      on_close(*open.back());
      open.pop_back();
    }
    while (next < spans.size() && spans[next].begin == pos) {
      on_open(spans[next]);
      open.push_back(&spans[next++]);
    }
    if (pos == text.size()) return;
    std::size_t stop = text.size();
    if (next < spans.size()) stop = std::min(stop, spans[next].begin);
    if (!open.empty()) stop = std::min(stop, open.back()->end);
    on_text(text.substr(pos, stop - pos));
    pos = stop;
  }
}

}  // namespace layer::client::detail
