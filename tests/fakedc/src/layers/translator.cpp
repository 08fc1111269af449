#include "translator.hpp"

#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "layer/tl/reader.hpp"
#include "layer/tl/writer.hpp"
#include "layer/tl_parser/parser.hpp"

namespace layer::fakedc {
namespace {

namespace tp = tl_parser;

// GCC 12 warns (-Wrestrict, wrongly) on `"literal" + string`; append instead.
std::string key(tp::Category category, const std::string& full_name) {
  std::string out(category == tp::Category::function ? "f:" : "t:");
  out.append(full_name);
  return out;
}

// How one layer sees the schema: ours, with that layer's definitions in place
// of the same-named ones.
struct View {
  int layer = 0;
  std::unordered_map<std::uint32_t, const tp::Definition*> by_id;
  std::unordered_map<std::string, const tp::Definition*> by_name;
  // Constructors by the type they build, for bare `%T` fields.
  std::unordered_map<std::string, std::vector<const tp::Definition*>> by_type;

  void add(const tp::Definition& d) {
    const auto name = key(d.category, d.full_name());
    if (const auto old = by_name.find(name); old != by_name.end()) {
      by_id.erase(old->second->id);
      auto& constructors = by_type[old->second->result.full_name()];
      std::erase(constructors, old->second);
    }
    by_name[name] = &d;
    by_id[d.id] = &d;
    if (d.category == tp::Category::type) by_type[d.result.full_name()].push_back(&d);
  }
};

std::string spell(const tp::TypeRef& t) {
  std::string out(t.bare ? "%" : "");
  out.append(t.full_name());
  for (const auto& arg : t.args) out.append("<").append(spell(arg)).append(">");
  return out;
}

bool same_type(const tp::TypeRef& a, const tp::TypeRef& b) {
  if (a.ns != b.ns || a.name != b.name || a.bare != b.bare || a.args.size() != b.args.size()) return false;
  for (std::size_t i = 0; i < a.args.size(); ++i) {
    if (!same_type(a.args[i], b.args[i])) return false;
  }
  return true;
}

bool is(const tp::TypeRef& t, std::string_view name) {
  return t.ns.empty() && t.name == name;
}

// The flags fields read so far in one object ("flags", "flags2").
class FlagValues {
 public:
  void set(const std::string& field, std::uint32_t value) { values_.emplace_back(&field, value); }
  bool has(const tp::FlagRef& flag) const {
    for (const auto& [field, value] : values_) {
      if (*field == flag.field) return (value >> flag.bit & 1u) != 0;
    }
    return false;
  }

 private:
  std::vector<std::pair<const std::string*, std::uint32_t>> values_;
};

// Each definition of one view → the same-named one of another.
using Counterparts = std::unordered_map<const tp::Definition*, const tp::Definition*>;

Counterparts counterparts(const View& from, const View& to) {
  Counterparts out;
  for (const auto& [name, d] : from.by_name) {
    if (const auto it = to.by_name.find(name); it != to.by_name.end()) out.emplace(d, it->second);
  }
  return out;
}

// Reads one value in the `from` view and writes it in the `to` view.
class Walk {
 public:
  Walk(const View& from, const Counterparts& to, int to_layer, std::span<const std::byte> in)
      : from_(from), to_(to), to_layer_(to_layer), r_(in) {}

  void value(const tp::TypeRef& t, tl::Writer& w) {
    if (t.generic_param) return object(w);
    if (t.ns.empty()) {
      const std::string& n = t.name;
      if (n == "int" || n == "#" || n == "Bool") return w.write_raw(r_.read_raw(4));
      if (n == "long" || n == "double") return w.write_raw(r_.read_raw(8));
      if (n == "int128") return w.write_raw(r_.read_raw(16));
      if (n == "int256") return w.write_raw(r_.read_raw(32));
      if (n == "string" || n == "bytes") return w.write_bytes(r_.read_bytes_view());
      if (n == "true") return;
      if (n == "Vector" || n == "vector") {
        const std::uint32_t count = n == "Vector" ? r_.read_vector_header(4) : r_.read_bare_vector_count(4);
        if (n == "Vector") w.write_u32(tl::vector_id);
        w.write_u32(count);
        for (std::uint32_t i = 0; i < count; ++i) value(t.args.at(0), w);
        return;
      }
    }
    if (t.bare) return bare(t, w);
    object(w);
  }

  // A boxed object of any type.
  void object(tl::Writer& w) {
    const tl::Reader::DepthGuard guard(r_);
    const std::uint32_t id = r_.read_u32();
    const auto found = from_.by_id.find(id);
    if (found == from_.by_id.end()) {
      r_.fail(tl::DecodeErrc::unknown_constructor,
              "constructor " + tl::id_text(id) + " is not in layer " + std::to_string(from_.layer));
    }
    const tp::Definition& source = *found->second;
    const auto target = to_.find(&source);
    if (target == to_.end()) {
      throw std::runtime_error(source.full_name() + " does not exist in layer " + std::to_string(to_layer_));
    }
    w.write_u32(target->second->id);
    fields(source, *target->second, w);
  }

  std::size_t offset() const { return r_.offset(); }
  std::size_t remaining() const { return r_.remaining(); }

 private:
  struct Field {
    const tp::Param* param = nullptr;
    bool present = false;
    tl::Bytes bytes;
  };

  void bare(const tp::TypeRef& t, tl::Writer& w) {
    const tp::Definition* d = nullptr;
    if (const auto it = from_.by_name.find(key(tp::Category::type, t.full_name()));
        it != from_.by_name.end()) {
      d = it->second;
    } else if (const auto c = from_.by_type.find(t.full_name());
               c != from_.by_type.end() && c->second.size() == 1) {
      d = c->second.front();
    }
    if (d == nullptr) throw std::runtime_error("no single constructor for bare " + spell(t));
    fields(*d, *d, w);
  }

  // Copies the fields of one object, rewriting them when the two layers
  // define it differently.
  void fields(const tp::Definition& source, const tp::Definition& target, tl::Writer& w) {
    if (&source == &target || source.id == target.id) {
      FlagValues flags;
      for (const auto& p : source.params) {
        if (p.is_flags_field) {
          const std::uint32_t v = r_.read_u32();
          flags.set(p.name, v);
          w.write_u32(v);
        } else if (!p.flag || flags.has(*p.flag)) {
          value(p.type, w);
        }
      }
      return;
    }
    std::vector<Field> read(source.params.size());
    FlagValues flags;
    for (std::size_t i = 0; i < source.params.size(); ++i) {
      const tp::Param& p = source.params[i];
      if (p.is_flags_field) {
        flags.set(p.name, r_.read_u32());
        continue;
      }
      Field& f = read[i];
      f.param = &p;
      f.present = !p.flag || flags.has(*p.flag);
      if (f.present) {
        tl::Writer fw(f.bytes);
        value(p.type, fw);
      }
    }
    const auto usable = [&](const tp::Param& p) -> const Field* {
      for (const Field& f : read) {
        if (f.param != nullptr && f.param->name == p.name) {
          return f.present && same_type(f.param->type, p.type) ? &f : nullptr;
        }
      }
      return nullptr;
    };
    std::unordered_map<std::string, std::uint32_t> out_flags;
    for (const auto& p : target.params) {
      if (p.flag && usable(p) != nullptr) out_flags[p.flag->field] |= 1u << p.flag->bit;
    }
    for (const auto& p : target.params) {
      if (p.is_flags_field) {
        w.write_u32(out_flags[p.name]);
        continue;
      }
      if (p.flag && !(out_flags[p.flag->field] >> p.flag->bit & 1u)) continue;
      if (is(p.type, "true")) continue;
      if (const Field* f = usable(p)) {
        w.write_raw(f->bytes);
      } else {
        zero(target, p, w);
      }
    }
  }

  // A value for a field the other layer does not have.
  void zero(const tp::Definition& target, const tp::Param& p, tl::Writer& w) const {
    const tp::TypeRef& t = p.type;
    if (is(t, "int")) return w.write_i32(0);
    if (is(t, "long") || is(t, "double")) return w.write_i64(0);
    if (is(t, "string") || is(t, "bytes")) return w.write_bytes({});
    if (is(t, "Bool")) return w.write_bool(false);
    if (is(t, "Vector")) {
      w.write_u32(tl::vector_id);
      return w.write_u32(0);
    }
    throw std::runtime_error(target.full_name() + " of layer " + std::to_string(to_layer_) + " needs " +
                             p.name + ", which layer " + std::to_string(from_.layer) + " does not give");
  }

  const View& from_;
  const Counterparts& to_;
  int to_layer_;
  tl::Reader r_;
};

}  // namespace

struct Translator::Schemas {
  struct Layer {
    View view;
    Counterparts to_layer;  // from ours
    Counterparts to_ours;
  };
  tp::Schema current;
  std::map<int, tp::Schema> overlays;
  View ours;
  Counterparts ours_to_ours;
  std::map<int, Layer> layers;
};

Translator::Translator(std::string_view current, const std::map<int, std::string_view>& overlays)
    : schemas_(std::make_unique<Schemas>()) {
  schemas_->current = tp::parse(current);
  schemas_->ours.layer = schemas_->current.layer.value_or(0);
  for (const auto& d : schemas_->current.definitions) schemas_->ours.add(d);
  schemas_->ours_to_ours = counterparts(schemas_->ours, schemas_->ours);
  for (const auto& [layer, text] : overlays) {
    const auto& overlay = schemas_->overlays[layer] = tp::parse(text);
    View view = schemas_->ours;
    view.layer = layer;
    for (const auto& d : overlay.definitions) view.add(d);
    auto to_layer = counterparts(schemas_->ours, view);
    auto to_ours = counterparts(view, schemas_->ours);
    schemas_->layers.emplace(layer, Schemas::Layer{std::move(view), std::move(to_layer), std::move(to_ours)});
  }
}

Translator::~Translator() = default;

bool Translator::translates(int layer) const {
  return schemas_->layers.contains(layer);
}

namespace {

template <class What>
tl::Bytes walk_all(const View& from, const Counterparts& to, int to_layer, std::span<const std::byte> in,
                   What what) {
  tl::Bytes out;
  {
    tl::Writer w(out);
    Walk walk(from, to, to_layer, in);
    what(walk, w);
    if (walk.remaining() != 0) {
      tl::Reader(in.subspan(walk.offset())).fail(tl::DecodeErrc::trailing_bytes, "after the object");
    }
  }
  return out;
}

// The type of what `request` returns: its function's result, or for a
// wrapper (invokeWithLayer, initConnection, ...) that of the query it wraps.
tp::TypeRef result_type(const View& view, const Counterparts& same, std::span<const std::byte> request) {
  tl::Reader r(request);
  const auto found = view.by_id.find(r.read_u32());
  if (found == view.by_id.end()) r.fail(tl::DecodeErrc::unknown_constructor, "not a known function");
  const tp::Definition& f = *found->second;
  if (!f.result.generic_param) return f.result;
  // Skip the fields before the wrapped query, then look at that.
  Walk walk(view, same, view.layer, request.subspan(4));
  tl::Bytes sink;
  tl::Writer w(sink);
  FlagValues flags;
  for (const auto& p : f.params) {
    if (p.type.bang) return result_type(view, same, request.subspan(4 + walk.offset()));
    if (p.is_flags_field) {
      tl::Reader flag(request.subspan(4 + walk.offset()));
      flags.set(p.name, flag.read_u32());
      tp::TypeRef hash;
      hash.name = "#";
      walk.value(hash, w);
    } else if (!p.flag || flags.has(*p.flag)) {
      walk.value(p.type, w);
    }
  }
  throw std::runtime_error(f.full_name() + " returns a type it does not name");
}

}  // namespace

std::shared_ptr<const Translator> make_translator(const std::map<int, std::string>& extra) {
  static const auto built_in = std::make_shared<const Translator>(current_schema_text(), built_in_overlays());
  if (extra.empty()) return built_in;
  auto overlays = built_in_overlays();
  for (const auto& [layer, text] : extra) overlays[layer] = text;
  return std::make_shared<const Translator>(current_schema_text(), overlays);
}

tl::Bytes Translator::request_to_current(int layer, std::span<const std::byte> request) const {
  const auto& from = schemas_->layers.at(layer);
  return walk_all(from.view, from.to_ours, schemas_->ours.layer, request,
                  [](Walk& walk, tl::Writer& w) { walk.object(w); });
}

tl::Bytes Translator::result_to_layer(int layer, std::span<const std::byte> request,
                                      std::span<const std::byte> result) const {
  const tp::TypeRef type = result_type(schemas_->ours, schemas_->ours_to_ours, request);
  return walk_all(schemas_->ours, schemas_->layers.at(layer).to_layer, layer, result,
                  [&](Walk& walk, tl::Writer& w) { walk.value(type, w); });
}

tl::Bytes Translator::to_layer(int layer, std::span<const std::byte> object) const {
  return walk_all(schemas_->ours, schemas_->layers.at(layer).to_layer, layer, object,
                  [](Walk& walk, tl::Writer& w) { walk.object(w); });
}

}  // namespace layer::fakedc
