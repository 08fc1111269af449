#include "json_encoder.hpp"

#include <map>
#include <stdexcept>

#include "layer/tl/writer.hpp"

namespace layer::test {
namespace {

using nlohmann::json;
using tl_parser::Definition;
using tl_parser::TypeRef;

class JsonEncoder {
 public:
  JsonEncoder(const SchemaIndex& index, tl::Writer& w) : index_(index), w_(w) {}

  void boxed(const json& spec) {
    const Definition& def = definition(spec);
    w_.write_u32(def.id);
    body(def, spec);
  }

  void body(const Definition& def, const json& spec) {
    std::map<std::string, std::uint32_t> flags;
    for (const auto& param : def.params) {
      if (param.flag && present(param, spec)) flags[param.flag->field] |= 1u << param.flag->bit;
    }
    for (const auto& param : def.params) {
      if (param.is_flags_field) {
        w_.write_u32(flags[param.name]);
      } else if (param.flag) {
        if (param.type.name != "true" && present(param, spec)) value(param.type, spec.at(param.name));
      } else {
        value(param.type, spec.at(param.name));
      }
    }
  }

 private:
  const Definition& definition(const json& spec) {
    const Definition* def = index_.by_class_name(spec.at("_").get<std::string>());
    if (!def) throw std::runtime_error("no definition for class " + spec.at("_").get<std::string>());
    return *def;
  }

  static bool present(const tl_parser::Param& param, const json& spec) {
    auto it = spec.find(param.name);
    if (it == spec.end() || it->is_null()) return false;
    return param.type.name != "true" || it->get<bool>();
  }

  void value(const TypeRef& type, const json& v) {
    const std::string name = type.full_name();
    if (type.generic_param) {
      boxed(v);
    } else if (name == "int") {
      w_.write_i32(v.get<std::int32_t>());
    } else if (name == "long") {
      w_.write_i64(v.is_object() ? std::stoll(v.at("$long").get<std::string>()) : v.get<std::int64_t>());
    } else if (name == "double") {
      w_.write_double(v.get<double>());
    } else if (name == "string" && v.is_string()) {
      w_.write_string(v.get<std::string>());
    } else if (name == "string" || name == "bytes") {
      // mtproto.tl declares handshake byte strings (pq, dh_prime, ...) as `string`.
      w_.write_bytes(from_hex(v.at("$bytes").get<std::string>()));
    } else if (name == "int128" || name == "int256") {
      w_.write_raw(from_hex(v.at("$" + name).get<std::string>()));
    } else if (name == "Bool") {
      w_.write_bool(v.get<bool>());
    } else if (name == "Vector" || name == "vector") {
      if (name == "Vector") w_.write_u32(tl::vector_id);
      w_.write_u32(static_cast<std::uint32_t>(v.size()));
      for (const auto& item : v) value(type.args.at(0), item);
    } else if (type.bare) {
      const Definition* def = index_.by_name(name);
      body(def ? *def : definition(v), v);
    } else {
      boxed(v);
    }
  }

  const SchemaIndex& index_;
  tl::Writer& w_;
};

}  // namespace

tl::Bytes encode_json(const SchemaIndex& index, const nlohmann::json& spec) {
  tl::Bytes out;
  tl::Writer w(out);
  JsonEncoder(index, w).boxed(spec);
  w.finish();
  return out;
}

tl::Bytes from_hex(const std::string& hex) {
  if (hex.size() % 2) throw std::runtime_error("odd hex length");
  tl::Bytes out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::byte>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

std::string to_hex(const tl::Bytes& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::byte b : bytes) {
    out += digits[static_cast<unsigned>(b) >> 4];
    out += digits[static_cast<unsigned>(b) & 0xf];
  }
  return out;
}

}  // namespace layer::test
