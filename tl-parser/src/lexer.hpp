#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layer/tl_parser/ast.hpp"

namespace layer::tl_parser::detail {

enum class TokenKind {
  identifier,  // letters, digits and `_`, starting with a letter or `_`
  number,      // decimal digits
  hex_id,      // `#1cb5c415` right after a name
  hash,        // a lone `#` (the nat type, or the builtin vector's `#`)
  punct,       // one of : ? { } < > % ! = ; [ ] * . ,
  types_section,
  functions_section,
  end,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text;
  Position position;
  std::uint32_t id = 0;  // for hex_id
};

struct LexResult {
  std::vector<Token> tokens;  // always ends with an `end` token
  std::optional<int> layer;
};

// Splits schema text into tokens, dropping comments and white space; notes the
// `// LAYER N` comment on the way. Throws ParseError on a character that has no
// place in TL.
LexResult lex(std::string_view text);

std::string describe(const Token& token);

}  // namespace layer::tl_parser::detail
