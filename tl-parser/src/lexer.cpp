#include "lexer.hpp"

#include <charconv>
#include <string_view>

#include "layer/tl_parser/parser.hpp"

namespace layer::tl_parser::detail {
namespace {

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ident_char(char c) {
  return is_ident_start(c) || is_digit(c);
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  LexResult run() {
    LexResult result;
    while (true) {
      skip_space_and_comments(result);
      if (at_end()) break;
      result.tokens.push_back(next_token());
    }
    result.tokens.push_back(Token{TokenKind::end, "", here(), 0});
    return result;
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  Position here() const { return Position{line_, column_}; }

  void advance(std::size_t n = 1) {
    for (std::size_t i = 0; i < n && !at_end(); ++i, ++pos_) {
      if (text_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }

  void skip_space_and_comments(LexResult& result) {
    while (!at_end()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        line_comment(result);
      } else if (c == '/' && peek(1) == '*') {
        Position start = here();
        std::size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) throw ParseError(start, "unterminated /* comment");
        advance(close + 2 - pos_);
      } else {
        return;
      }
    }
  }

  // `// LAYER 229` is a comment to the grammar but it is how the schema names its layer.
  void line_comment(LexResult& result) {
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view body = text_.substr(pos_ + 2, end - pos_ - 2);
    while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
    constexpr std::string_view marker = "LAYER ";
    if (body.substr(0, marker.size()) == marker) {
      std::string_view digits = body.substr(marker.size());
      int value = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (ec == std::errc() && ptr != digits.data()) result.layer = value;
    }
    advance(end - pos_);
  }

  Token next_token() {
    Position start = here();
    char c = peek();
    if (c == '-' && peek(1) == '-' && peek(2) == '-') return section(start);
    if (is_ident_start(c)) return run_of(TokenKind::identifier, is_ident_char, start);
    if (is_digit(c)) return run_of(TokenKind::number, is_digit, start);
    if (c == '#') return hash(start);
    if (std::string_view(":?{}<>%!=;[]*.,").find(c) != std::string_view::npos) {
      advance();
      return Token{TokenKind::punct, std::string(1, c), start, 0};
    }
    throw ParseError(start, std::string("unexpected character '") + c + "'");
  }

  template <class Pred>
  Token run_of(TokenKind kind, Pred pred, Position start) {
    std::size_t begin = pos_;
    while (!at_end() && pred(peek())) advance();
    return Token{kind, std::string(text_.substr(begin, pos_ - begin)), start, 0};
  }

  Token section(Position start) {
    for (auto [marker, kind] :
         {std::pair{std::string_view("---types---"), TokenKind::types_section},
          std::pair{std::string_view("---functions---"), TokenKind::functions_section}}) {
      if (text_.substr(pos_, marker.size()) == marker) {
        advance(marker.size());
        return Token{kind, std::string(marker), start, 0};
      }
    }
    throw ParseError(start, "expected ---types--- or ---functions---");
  }

  // `#` right after a name and followed by hex digits is an explicit constructor id.
  Token hash(Position start) {
    bool glued = pos_ > 0 && is_ident_char(text_[pos_ - 1]);
    advance();
    if (!glued || !is_hex(peek())) return Token{TokenKind::hash, "#", start, 0};
    std::size_t begin = pos_;
    while (!at_end() && is_hex(peek())) advance();
    std::string_view digits = text_.substr(begin, pos_ - begin);
    if (digits.size() > 8) throw ParseError(start, "constructor id has more than 8 hex digits");
    std::uint32_t id = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), id, 16);
    std::string text(1, '#');
    text.append(digits);
    return Token{TokenKind::hex_id, std::move(text), start, id};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

LexResult lex(std::string_view text) {
  return Lexer(text).run();
}

std::string describe(const Token& token) {
  if (token.kind == TokenKind::end) return "end of input";
  return "'" + token.text + "'";
}

}  // namespace layer::tl_parser::detail
