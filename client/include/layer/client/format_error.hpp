// What parse_markdown, parse_html, to_markdown, to_html and the UTF-16
// helpers throw for input they cannot take: what was wrong and the byte offset
// where, into the text given (for to_markdown/to_html: into FormattedText::text).
//
//   try { auto t = parse_html(user_text); }
//   catch (const FormatError& e) { reply(e.what()); }  // "at byte 7: unclosed <b> ..."
//
// It is a std::invalid_argument, like the reply markup builders' errors: both
// come from text or values the caller handed in.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace layer::client {

class FormatError : public std::invalid_argument {
 public:
  FormatError(std::size_t offset, std::string reason);

  std::size_t offset() const noexcept { return offset_; }
  // The what() text without "at byte N: ".
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::size_t offset_;
  std::string reason_;
};

}  // namespace layer::client
