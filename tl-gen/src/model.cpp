#include "model.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <set>
#include <stdexcept>

#include "naming.hpp"

namespace layer::tl_gen {
namespace {

using tl_parser::Category;
using tl_parser::Definition;
using tl_parser::TypeRef;

// Boxed types the C++ side represents with built-ins rather than structs.
const std::set<std::string> builtin_boxed = {"Bool", "True",   "Vector", "Int",
                                             "Long", "Double", "String", "Bytes"};

const std::map<std::string, std::pair<std::string, std::size_t>> primitives = {
    {"int", {"std::int32_t", 4}},
    {"long", {"std::int64_t", 8}},
    {"double", {"double", 8}},
    {"string", {"std::string", 4}},
    {"bytes", {"::layer::tl::Bytes", 4}},
    {"int128", {"::layer::tl::Int128", 16}},
    {"int256", {"::layer::tl::Int256", 32}},
    {"Bool", {"bool", 4}},
    {"true", {"bool", 0}}};

}  // namespace

bool is_builtin_boxed(const std::string& tl_name) {
  return builtin_boxed.count(tl_name) > 0;
}

namespace {

std::string qualify(const std::string& kind, const std::string& ns, const std::string& name) {
  return "::layer::tl::" + kind + "::" + (ns.empty() ? "" : ns + "::") + name;
}

std::string id_hex(std::uint32_t id) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08x", id);
  return text;
}

std::string where(const Definition& def) {
  return std::to_string(def.position.line) + ":" + std::to_string(def.position.column) + " (" +
         def.full_name() + ")";
}

class Builder {
 public:
  Model run(const tl_parser::Schema& api, const tl_parser::Schema& mtproto, std::optional<int> layer) {
    if (!api.layer && !layer) {
      throw std::runtime_error(
          "api.tl has no `// LAYER N` line; give the layer with cmake -DLAYER_NUMBER=N (tl-gen --layer N)");
    }
    if (api.layer && layer && *api.layer != *layer) {
      throw std::runtime_error("api.tl says LAYER " + std::to_string(*api.layer) +
                               " but the layer given is " + std::to_string(*layer));
    }
    model_.layer = api.layer ? *api.layer : *layer;
    for (const auto* schema : {&mtproto, &api}) {
      for (const Definition& def : schema->definitions) add_definition(def);
      for (const tl_parser::Builtin& builtin : schema->builtins) {
        if (builtin.name == "vector") add_name(builtin.id.value_or(0x1cb5c415), "vector");
      }
    }
    std::sort(model_.names.begin(), model_.names.end());
    std::stable_partition(model_.structs.begin(), model_.structs.end(),
                          [](const Struct& s) { return !s.is_function; });
    index_structs();
    for (Struct& s : model_.structs) resolve_fields(s);
    for (Struct& s : model_.structs) s.min_wire_size = wire_size(s);
    check_collisions();
    return std::move(model_);
  }

 private:
  void add_name(std::uint32_t id, const std::string& name) {
    auto [it, inserted] = ids_.emplace(id, name);
    if (!inserted && it->second != name) {
      // AnyObject and name_for_id look an id up among constructors and functions
      // alike, so even a constructor and a function may not share one.
      throw std::runtime_error("id " + id_hex(id) + " is used by both " + it->second + " and " + name +
                               " (an id names one definition, constructor or function)");
    }
    if (inserted) model_.names.emplace_back(id, name);
  }

  void add_definition(const Definition& def) {
    auto seen = by_name_.find(def.full_name());
    if (seen != by_name_.end()) {
      if (seen->second->id != def.id) throw std::runtime_error(where(def) + ": redefined with another id");
      return;
    }
    by_name_.emplace(def.full_name(), &def);
    add_name(def.id, def.full_name());
    bool is_function = def.category == Category::function;
    if (!is_function && is_builtin_boxed(def.result.full_name())) return;
    Struct s;
    s.def = &def;
    s.tl_name = def.full_name();
    s.ns = def.ns;
    s.cpp_name = camel_case(def.name);
    s.is_function = is_function;
    if (!is_function) {
      if (def.result.generic_param || def.result.bare) {
        throw std::runtime_error(where(def) + ": a constructor's result must be a boxed type");
      }
      BoxedType& boxed = model_.boxed[def.result.full_name()];
      boxed.tl_name = def.result.full_name();
      boxed.ns = def.result.ns;
      boxed.cpp_name = camel_case(def.result.name);
      s.tag = qualify("tags", boxed.ns, boxed.cpp_name);
    }
    model_.structs.push_back(std::move(s));
  }

  void index_structs() {
    for (std::size_t i = 0; i < model_.structs.size(); ++i) {
      const Struct& s = model_.structs[i];
      if (s.is_function) continue;
      constructor_index_[s.tl_name] = i;
      model_.boxed[s.def->result.full_name()].constructors.push_back(i);
    }
  }

  std::string cpp_type(const TypeRef& type, const Definition& def, Struct& owner) {
    if (type.generic_param) return type.bang ? "::layer::tl::AnyFunction" : "::layer::tl::AnyObject";
    std::string full = type.full_name();
    if (auto p = primitives.find(full); p != primitives.end()) return p->second.first;
    if (full == "Vector" || full == "vector") {
      if (type.args.size() != 1) throw std::runtime_error(where(def) + ": Vector takes one type argument");
      return "std::vector<" + cpp_type(type.args[0], def, owner) + ">";
    }
    bool lower = std::islower(static_cast<unsigned char>(type.name[0]));
    if (!lower) {
      auto boxed = model_.boxed.find(full);
      if (boxed == model_.boxed.end()) throw std::runtime_error(where(def) + ": unknown type " + full);
      if (!type.bare) return qualify("enums", boxed->second.ns, boxed->second.cpp_name);
      if (boxed->second.constructors.size() != 1) {
        throw std::runtime_error(where(def) + ": %" + full + " needs a type with exactly one constructor");
      }
      return bare_struct(model_.structs[boxed->second.constructors[0]], owner);
    }
    auto ctor = constructor_index_.find(full);
    if (ctor == constructor_index_.end())
      throw std::runtime_error(where(def) + ": unknown constructor " + full);
    return bare_struct(model_.structs[ctor->second], owner);
  }

  std::string bare_struct(const Struct& target, Struct& owner) {
    std::string name = qualify("types", target.ns, target.cpp_name);
    owner.bare_deps.push_back(name);
    return name;
  }

  void resolve_fields(Struct& s) {
    const Definition& def = *s.def;
    for (const tl_parser::Param& param : def.params) {
      Field field;
      field.tl_name = param.name;
      field.member = member_name(param.name);
      field.flag = param.flag;
      if (param.is_flags_field) {
        field.kind = FieldKind::flags;
      } else if (param.flag && param.type.full_name() == "true") {
        field.kind = FieldKind::true_flag;
        field.cpp_type = "bool";
      } else if (param.type.full_name() == "vector") {
        if (param.flag) throw std::runtime_error(where(def) + ": conditional bare vectors are not supported");
        field.kind = FieldKind::bare_vector;
        if (param.type.args.size() != 1)
          throw std::runtime_error(where(def) + ": vector takes one type argument");
        field.cpp_type = cpp_type(param.type.args[0], def, s);
      } else {
        field.cpp_type = cpp_type(param.type, def, s);
      }
      s.fields.push_back(std::move(field));
    }
    if (s.is_function && !def.result.generic_param) s.return_type = cpp_type(def.result, def, s);
  }

  std::size_t wire_size(const Struct& s) {
    if (!sizing_.insert(&s).second) {
      throw std::runtime_error(where(*s.def) + ": holds itself by value through bare types");
    }
    std::size_t total = 0;
    for (const Field& field : s.fields) {
      if (field.kind == FieldKind::flags) {
        total += 4;
      } else if (field.kind == FieldKind::bare_vector) {
        total += 4;
      } else if (!field.flag) {
        total += field_size(field.cpp_type);
      }
    }
    sizing_.erase(&s);
    return total;
  }

  std::size_t field_size(const std::string& cpp) {
    for (const auto& [tl, mapped] : primitives) {
      if (mapped.first == cpp && tl != "true") return mapped.second;
    }
    if (cpp.rfind("std::vector<", 0) == 0) return 8;
    if (cpp.rfind("::layer::tl::types::", 0) == 0) {
      for (const Struct& s : model_.structs) {
        if (s.qualified() == cpp) return wire_size(s);
      }
    }
    return 4;
  }

  void check_collisions() {
    std::set<std::string> seen;
    for (const Struct& s : model_.structs) {
      if (!seen.insert(s.qualified()).second) {
        throw std::runtime_error(where(*s.def) + ": C++ name " + s.qualified() +
                                 " is taken by another definition");
      }
      std::set<std::string> members;
      for (const Field& f : s.fields) {
        if (f.kind != FieldKind::flags && !members.insert(f.member).second) {
          throw std::runtime_error(where(*s.def) + ": two fields named " + f.member);
        }
      }
    }
    for (const auto& [name, boxed] : model_.boxed) {
      if (!seen.insert(qualify("enums", boxed.ns, boxed.cpp_name)).second) {
        throw std::runtime_error("boxed type " + name + " collides with another C++ name");
      }
      if (boxed.ns == "root" || boxed.ns.find_first_of(".") != std::string::npos) {
        throw std::runtime_error("namespace " + boxed.ns + " cannot be used");
      }
    }
  }

  Model model_;
  std::map<std::string, const Definition*> by_name_;
  std::map<std::uint32_t, std::string> ids_;
  std::map<std::string, std::size_t> constructor_index_;
  std::set<const Struct*> sizing_;
};

}  // namespace

std::string Struct::qualified() const {
  return qualify(is_function ? "functions" : "types", ns, cpp_name);
}

Model build_model(const tl_parser::Schema& api, const tl_parser::Schema& mtproto, std::optional<int> layer) {
  return Builder().run(api, mtproto, layer);
}

}  // namespace layer::tl_gen
