#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace layer::tl_parser {

// Where a token starts in the schema text; both counted from 1.
struct Position {
  int line = 1;
  int column = 1;
};

// A reference to a type: `int`, `Vector<User>`, `%Message`, `messages.Messages`,
// or a generic parameter such as `X` in `query:!X`.
struct TypeRef {
  std::string ns;              // "messages" in messages.Messages; empty in the root namespace
  std::string name;            // as written, without namespace and without the `%`
  bool bare = false;           // `%T` or a lower-case name (a constructor used as a type)
  bool generic_param = false;  // a name bound by `{X:Type}`
  bool bang = false;           // `!X`: any function whose result is X
  std::vector<TypeRef> args;   // `Vector<T>` has one

  std::string full_name() const { return ns.empty() ? name : ns + "." + name; }
};

// `flags.3?` in `reply_to:flags.3?InputReplyTo`.
struct FlagRef {
  std::string field;  // "flags", "flags2", ...
  int bit = 0;
};

struct Param {
  std::string name;
  TypeRef type;                 // unset (empty name) for a `#` flags field
  bool is_flags_field = false;  // `flags:#`
  std::optional<FlagRef> flag;
};

// `{X:Type}`.
struct GenericParam {
  std::string name;
  std::string type;
};

enum class Category { type, function };

struct Definition {
  std::string ns;
  std::string name;
  std::uint32_t id = 0;
  bool explicit_id = false;  // false: the id was computed from the canonical form
  std::vector<GenericParam> generics;
  std::vector<Param> params;
  TypeRef result;
  Category category = Category::type;
  Position position;

  std::string full_name() const { return ns.empty() ? name : ns + "." + name; }
};

// A declaration of a built-in type (`int ? = Int;`, `vector#1cb5c415 {t:Type} # [ t ] = Vector t;`):
// it describes a wire format rather than a constructor with parameters.
struct Builtin {
  std::string name;
  std::optional<std::uint32_t> id;  // when written explicitly
  Position position;
};

struct Schema {
  std::vector<Definition> definitions;
  std::vector<Builtin> builtins;
  std::optional<int> layer;  // from the `// LAYER N` comment
};

}  // namespace layer::tl_parser
