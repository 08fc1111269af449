#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "layer/tl_parser/ast.hpp"

namespace layer::tl_parser {

// A schema that does not follow the TL grammar. what() reads
// "line:column: expected X, found Y" so an editor can jump to it.
class ParseError : public std::runtime_error {
 public:
  ParseError(Position where, const std::string& message);
  Position where() const noexcept { return where_; }

 private:
  Position where_;
};

// Parses the TL language as Telegram's api.tl and mtproto.tl use it.
// Throws ParseError on the first malformed declaration.
Schema parse(std::string_view text);

}  // namespace layer::tl_parser
