#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "layer/tl_parser/ast.hpp"

namespace layer::tl_gen {

// How a field is put on the wire, beyond what its C++ type says.
enum class FieldKind {
  value,        // written with tl::write / read with tl::read<T>
  bare_vector,  // `vector<T>`: no vector id
  flags,        // `flags:#`: computed from the conditional fields
  true_flag,    // `flags.N?true`: a bool that is only a bit
};

struct Field {
  std::string tl_name;
  std::string member;    // C++ member name
  std::string cpp_type;  // the type without std::optional; element type for bare vectors
  FieldKind kind = FieldKind::value;
  std::optional<tl_parser::FlagRef> flag;
};

// One constructor or function as a C++ struct.
struct Struct {
  const tl_parser::Definition* def = nullptr;
  std::string tl_name;   // as the schema writes it, with namespace
  std::string ns;        // schema namespace, "" for the root
  std::string cpp_name;  // CamelCase, unqualified
  bool is_function = false;
  std::string tag;          // qualified tag of the boxed type (constructors)
  std::string return_type;  // qualified C++ result type (non-generic functions)
  std::vector<Field> fields;
  std::size_t min_wire_size = 0;
  std::vector<std::string> bare_deps;  // qualified names of bare structs held by value

  std::string qualified() const;  // ::layer::tl::types::ns::Name or ::layer::tl::functions::ns::Name
};

// A boxed type: `Updates`, `messages.Messages`.
struct BoxedType {
  std::string tl_name;
  std::string ns;
  std::string cpp_name;
  std::vector<std::size_t> constructors;  // indices into Model::structs
};

struct Model {
  int layer = 0;
  std::vector<Struct> structs;             // constructors first, then functions
  std::map<std::string, BoxedType> boxed;  // by TL name
  // Every id of both schemas with its name, including those mapped to C++
  // built-ins (boolTrue, vector), sorted by id.
  std::vector<std::pair<std::uint32_t, std::string>> names;
};

// Whether tl-gen represents the boxed type with a C++ built-in (bool, vectors,
// numbers, strings). A schema may still declare constructors for these, as
// gotd's copy does with `bytes#e937bb82 = Bytes;`: such a constructor gets no
// struct and no place in AnyObject, only its name in name_for_id, like boolTrue.
bool is_builtin_boxed(const std::string& tl_name);

// Builds the C++ model of the two schemas. Throws std::runtime_error naming the
// definition (with line:column) when a type is unknown or names collide. `layer`
// supplies the layer of an api.tl without a `// LAYER N` line (TDLib's copy has
// none); it must agree with the line when there is one.
Model build_model(const tl_parser::Schema& api, const tl_parser::Schema& mtproto,
                  std::optional<int> layer = std::nullopt);

}  // namespace layer::tl_gen
