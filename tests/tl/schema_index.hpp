#pragma once

#include <map>
#include <string>
#include <vector>

#include "layer/tl_parser/ast.hpp"

namespace layer::test {

std::string read_file(const std::string& path);

// A constructor of a type tl-gen maps to a C++ built-in (boolTrue, gotd's
// `bytes#e937bb82 = Bytes`): it has no struct, so AnyObject does not decode it.
bool mapped_to_builtin(const tl_parser::Definition& def);

// Both schemas parsed, with the look-ups the schema-driven encoders need. It
// uses only tl-parser, so bytes it helps produce are independent of tl-gen.
class SchemaIndex {
 public:
  SchemaIndex(const std::string& api_path, const std::string& mtproto_path);

  const tl_parser::Schema& api() const { return api_; }
  const tl_parser::Schema& mtproto() const { return mtproto_; }
  // Every definition of both schemas, mtproto.tl first, duplicates removed.
  const std::vector<const tl_parser::Definition*>& all() const { return all_; }
  const std::vector<const tl_parser::Definition*>& constructors_of(const std::string& boxed) const;
  const std::vector<const tl_parser::Definition*>& functions() const { return functions_; }
  const tl_parser::Definition* by_name(const std::string& full_name) const;
  // GramJS-style class name ("messages.GetHistory", "ReqDHParams") → definition.
  const tl_parser::Definition* by_class_name(const std::string& class_name) const;
  // The fewest levels of nested boxed values a constructor needs (for bounded random trees).
  int min_depth(const tl_parser::Definition& def) const { return min_depth_.at(&def); }

 private:
  void compute_min_depths();

  tl_parser::Schema api_;
  tl_parser::Schema mtproto_;
  std::vector<const tl_parser::Definition*> all_;
  std::vector<const tl_parser::Definition*> functions_;
  std::map<std::string, std::vector<const tl_parser::Definition*>> by_result_;
  std::map<std::string, const tl_parser::Definition*> by_name_;
  std::map<std::string, const tl_parser::Definition*> by_class_;
  std::map<const tl_parser::Definition*, int> min_depth_;
};

// The built-in TL types that are not constructors of the schema.
bool is_builtin_type(const std::string& name);

}  // namespace layer::test
