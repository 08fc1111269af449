#include "schema_index.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "layer/tl_parser/parser.hpp"
#include "model.hpp"
#include "naming.hpp"

namespace layer::test {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_builtin_type(const std::string& name) {
  static const std::set<std::string> builtins = {"int",    "long", "double", "string", "bytes",  "int128",
                                                 "int256", "Bool", "true",   "Vector", "vector", "#"};
  return builtins.count(name) > 0;
}

bool mapped_to_builtin(const tl_parser::Definition& def) {
  return def.category == tl_parser::Category::type && tl_gen::is_builtin_boxed(def.result.full_name());
}

namespace {
// GramJS names its classes as tl-gen names its structs: namespace + CamelCase.
std::string class_name(const tl_parser::Definition& def) {
  return (def.ns.empty() ? "" : def.ns + ".") + tl_gen::camel_case(def.name);
}
}  // namespace

SchemaIndex::SchemaIndex(const std::string& api_path, const std::string& mtproto_path)
    : api_(tl_parser::parse(read_file(api_path))), mtproto_(tl_parser::parse(read_file(mtproto_path))) {
  for (const auto* schema : {&mtproto_, &api_}) {
    for (const auto& def : schema->definitions) {
      if (!by_name_.emplace(def.full_name(), &def).second) continue;
      all_.push_back(&def);
      by_class_.emplace(class_name(def), &def);
      if (def.category == tl_parser::Category::function) {
        functions_.push_back(&def);
      } else {
        by_result_[def.result.full_name()].push_back(&def);
      }
    }
  }
  compute_min_depths();
}

const std::vector<const tl_parser::Definition*>& SchemaIndex::constructors_of(
    const std::string& boxed) const {
  auto it = by_result_.find(boxed);
  if (it == by_result_.end()) throw std::runtime_error("no constructors of " + boxed);
  return it->second;
}

const tl_parser::Definition* SchemaIndex::by_name(const std::string& full_name) const {
  auto it = by_name_.find(full_name);
  return it == by_name_.end() ? nullptr : it->second;
}

const tl_parser::Definition* SchemaIndex::by_class_name(const std::string& name) const {
  auto it = by_class_.find(name);
  return it == by_class_.end() ? nullptr : it->second;
}

// Fixpoint: a constructor's depth is one more than the deepest boxed field it
// cannot avoid; fields behind flags and in vectors can be left empty.
void SchemaIndex::compute_min_depths() {
  constexpr int unknown = 1 << 20;
  for (const auto* def : all_) min_depth_[def] = unknown;
  auto type_depth = [&](const tl_parser::TypeRef& type) {
    if (type.generic_param || is_builtin_type(type.name)) return 0;
    int best = unknown;
    auto it = by_result_.find(type.full_name());
    if (it != by_result_.end()) {
      for (const auto* c : it->second) best = std::min(best, min_depth_[c]);
    } else if (const auto* bare = by_name(type.full_name())) {
      best = min_depth_[bare];
    }
    return best;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto* def : all_) {
      int depth = 0;
      for (const auto& param : def->params) {
        if (param.is_flags_field || param.flag) continue;
        depth = std::max(depth, type_depth(param.type));
      }
      if (depth + 1 < min_depth_[def]) {
        min_depth_[def] = depth + 1;
        changed = true;
      }
    }
  }
}

}  // namespace layer::test
