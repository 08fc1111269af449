#include "random_encoder.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

namespace layer::test {

using tl_parser::Definition;
using tl_parser::TypeRef;

tl::Bytes RandomEncoder::encode(const Definition& def) {
  tl::Bytes out;
  tl::Writer w(out);
  w.write_u32(def.id);
  body(w, def, 0);
  w.finish();
  return out;
}

void RandomEncoder::body(tl::Writer& w, const Definition& def, int depth) {
  std::map<std::string, std::uint32_t> flags;
  for (const auto& param : def.params) {
    if (!param.flag) continue;
    bool present = mode_ == Optional::all_present || (mode_ == Optional::random && below(2) == 0);
    if (present) flags[param.flag->field] |= 1u << param.flag->bit;
  }
  for (const auto& param : def.params) {
    if (param.is_flags_field) {
      w.write_u32(flags[param.name]);
    } else if (param.flag) {
      bool set = (flags[param.flag->field] >> param.flag->bit) & 1;
      if (set && param.type.name != "true") value(w, param.type, depth);
    } else {
      value(w, param.type, depth);
    }
  }
}

void RandomEncoder::text(tl::Writer& w) {
  static constexpr std::array<std::size_t, 8> lengths = {0, 1, 3, 4, 5, 17, 253, 254};
  std::size_t length = below(10) == 0 ? lengths[below(lengths.size())] + below(2) * 300 : below(24);
  tl::Bytes data(length);
  for (auto& b : data) b = static_cast<std::byte>(rng_());
  w.write_bytes(data);
}

void RandomEncoder::value(tl::Writer& w, const TypeRef& type, int depth) {
  const std::string name = type.full_name();
  if (type.generic_param) {
    // `!X`: any function; keep it small by preferring shallow ones near the depth limit.
    boxed(w, index_.functions(), depth);
  } else if (name == "int") {
    static constexpr std::array<std::int32_t, 4> edges = {0, -1, 2147483647, -2147483647 - 1};
    w.write_i32(below(4) == 0 ? edges[below(4)] : static_cast<std::int32_t>(rng_()));
  } else if (name == "long") {
    w.write_i64(static_cast<std::int64_t>(rng_()));
  } else if (name == "double") {
    w.write_double(static_cast<double>(static_cast<std::int32_t>(rng_())) / 8.0);
  } else if (name == "string" || name == "bytes") {
    text(w);
  } else if (name == "int128" || name == "int256") {
    for (int i = 0; i < (name == "int128" ? 4 : 8); ++i) w.write_u32(static_cast<std::uint32_t>(rng_()));
  } else if (name == "Bool") {
    w.write_bool(below(2) == 0);
  } else if (name == "Vector" || name == "vector") {
    std::uint32_t count = depth >= max_depth_ ? 0 : below(4);
    if (name == "Vector") w.write_u32(tl::vector_id);
    w.write_u32(count);
    for (std::uint32_t i = 0; i < count; ++i) value(w, type.args.at(0), depth + 1);
  } else if (type.bare) {
    const Definition* def = index_.by_name(name);
    if (!def) def = index_.constructors_of(name).at(0);
    body(w, *def, depth + 1);
  } else {
    boxed(w, index_.constructors_of(name), depth);
  }
}

void RandomEncoder::boxed(tl::Writer& w, const std::vector<const Definition*>& candidates, int depth) {
  std::vector<const Definition*> usable;
  if (depth >= max_depth_) {
    int best = 1 << 30;
    for (const auto* c : candidates) best = std::min(best, index_.min_depth(*c));
    for (const auto* c : candidates) {
      if (index_.min_depth(*c) == best && c->generics.empty()) usable.push_back(c);
    }
  } else {
    usable = candidates;
  }
  const Definition& chosen = *usable[below(static_cast<std::uint32_t>(usable.size()))];
  w.write_u32(chosen.id);
  body(w, chosen, depth + 1);
}

}  // namespace layer::test
