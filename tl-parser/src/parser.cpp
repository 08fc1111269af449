#include "layer/tl_parser/parser.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "layer/tl_parser/canonical.hpp"
#include "lexer.hpp"

namespace layer::tl_parser {

ParseError::ParseError(Position where, const std::string& message)
    : std::runtime_error(std::to_string(where.line) + ":" + std::to_string(where.column) + ": " + message),
      where_(where) {}

namespace {

using detail::Token;
using detail::TokenKind;

class Parser {
 public:
  explicit Parser(detail::LexResult lexed) : tokens_(std::move(lexed.tokens)) { schema_.layer = lexed.layer; }

  Schema run() {
    Category category = Category::type;
    while (peek().kind != TokenKind::end) {
      if (peek().kind == TokenKind::types_section || peek().kind == TokenKind::functions_section) {
        category = take().kind == TokenKind::types_section ? Category::type : Category::function;
        continue;
      }
      declaration(category);
    }
    return std::move(schema_);
  }

 private:
  const Token& peek(std::size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& take() {
    const Token& token = peek();
    if (pos_ < tokens_.size() - 1) ++pos_;
    return token;
  }
  bool is_punct(const Token& token, char c) const {
    return token.kind == TokenKind::punct && token.text[0] == c;
  }
  [[noreturn]] void fail(const Token& at, const std::string& expected) const {
    throw ParseError(at.position, "expected " + expected + ", found " + detail::describe(at));
  }
  void expect_punct(char c, const std::string& context) {
    if (!is_punct(peek(), c)) fail(peek(), std::string("'") + c + "' " + context);
    take();
  }
  std::string identifier(const std::string& what) {
    if (peek().kind != TokenKind::identifier) fail(peek(), what);
    return take().text;
  }

  // `ns.name` or `name`.
  std::pair<std::string, std::string> qualified_name(const std::string& what) {
    std::string first = identifier(what);
    if (is_punct(peek(), '.') && peek(1).kind == TokenKind::identifier) {
      take();
      return {first, take().text};
    }
    return {"", first};
  }

  // `int ? = Int;`, `int128 4*[ int ] = Int128;` and `vector {t:Type} # [ t ] = Vector t;`
  // declare the wire format of built-ins; their bodies are not constructor parameters.
  bool is_builtin_declaration() const {
    if (is_punct(peek(), '?')) return true;
    for (std::size_t i = 0; peek(i).kind != TokenKind::end && !is_punct(peek(i), ';'); ++i) {
      if (is_punct(peek(i), '[')) return true;
    }
    return false;
  }

  void skip_to_semicolon(const Token& start) {
    while (!is_punct(peek(), ';')) {
      if (peek().kind == TokenKind::end)
        fail(peek(), "';' to end the declaration started at " + where(start));
      take();
    }
    take();
  }

  static std::string where(const Token& token) {
    return std::to_string(token.position.line) + ":" + std::to_string(token.position.column);
  }

  void declaration(Category category) {
    const Token& start = peek();
    Definition def;
    def.category = category;
    def.position = start.position;
    std::tie(def.ns, def.name) = qualified_name("a constructor or function name");
    if (peek().kind == TokenKind::hex_id) {
      def.id = take().id;
      def.explicit_id = true;
    }
    if (is_builtin_declaration()) {
      schema_.builtins.push_back(
          Builtin{def.full_name(), def.explicit_id ? std::optional(def.id) : std::nullopt, def.position});
      skip_to_semicolon(start);
      return;
    }
    while (!is_punct(peek(), '=')) parameter(def);
    take();
    def.result = result_type(def);
    expect_punct(';', "to end the declaration of " + def.full_name());
    if (!def.explicit_id) def.id = computed_id(def);
    schema_.definitions.push_back(std::move(def));
  }

  void parameter(Definition& def) {
    if (is_punct(peek(), '{')) {
      take();
      GenericParam generic;
      generic.name = identifier("a generic parameter name after '{'");
      expect_punct(':', "after the generic parameter name");
      generic.type = identifier("the kind of the generic parameter (Type)");
      expect_punct('}', "to close the generic parameter");
      def.generics.push_back(std::move(generic));
      return;
    }
    if (peek().kind != TokenKind::identifier) fail(peek(), "a parameter name or '='");
    Param param;
    param.name = take().text;
    expect_punct(':', "after parameter name '" + param.name + "'");
    if (peek().kind == TokenKind::hash) {
      take();
      param.is_flags_field = true;
    } else {
      param.flag = flag_reference(def);
      param.type = type_ref(def);
    }
    def.params.push_back(std::move(param));
  }

  // `flags.3?` in front of a conditional parameter's type.
  std::optional<FlagRef> flag_reference(const Definition& def) {
    if (!(peek().kind == TokenKind::identifier && is_punct(peek(1), '.') &&
          peek(2).kind == TokenKind::number)) {
      return std::nullopt;
    }
    const Token& field = take();
    auto declared = std::find_if(def.params.begin(), def.params.end(),
                                 [&](const Param& p) { return p.name == field.text && p.is_flags_field; });
    if (declared == def.params.end()) {
      throw ParseError(field.position,
                       "'" + field.text + "' is not a '#' field declared before this parameter");
    }
    take();
    const Token& bit = take();
    int value = std::stoi(bit.text.substr(0, 3));
    if (bit.text.size() > 2 || value > 31)
      throw ParseError(bit.position, "flag bit " + bit.text + " is not in 0..31");
    expect_punct('?', "after the flag bit");
    return FlagRef{field.text, value};
  }

  TypeRef type_ref(const Definition& def) {
    TypeRef type;
    if (is_punct(peek(), '!')) {
      take();
      type.bang = true;
    }
    if (is_punct(peek(), '%')) {
      take();
      type.bare = true;
    }
    std::tie(type.ns, type.name) = qualified_name("a type name");
    if (std::islower(static_cast<unsigned char>(type.name[0]))) type.bare = true;
    type.generic_param = std::any_of(def.generics.begin(), def.generics.end(),
                                     [&](const GenericParam& g) { return g.name == type.name; });
    if (is_punct(peek(), '<')) {
      take();
      type.args.push_back(type_ref(def));
      while (is_punct(peek(), ',')) {
        take();
        type.args.push_back(type_ref(def));
      }
      expect_punct('>', "to close the type arguments of " + type.full_name());
    }
    return type;
  }

  // The result is `Type`, `ns.Type`, `Vector<T>` or, in the builtin style, `Vector t`.
  TypeRef result_type(const Definition& def) {
    TypeRef type = type_ref(def);
    while (peek().kind == TokenKind::identifier) type.args.push_back(type_ref(def));
    return type;
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  Schema schema_;
};

}  // namespace

Schema parse(std::string_view text) {
  return Parser(detail::lex(text)).run();
}

}  // namespace layer::tl_parser
