#include "layer/tl_parser/canonical.hpp"

#include <zlib.h>

namespace layer::tl_parser {
namespace {

// `Vector<int>` is written `Vector int` in the canonical form. A parameter of
// type `bytes` is written `string` (they share a wire format); `bytes` as a
// type argument is left as it is, which is how Telegram computed its ids.
void append_type(std::string& out, const TypeRef& type, bool top_level) {
  if (type.bang) out += '!';
  std::string name = type.full_name();
  out += top_level && name == "bytes" ? "string" : name;
  for (const TypeRef& arg : type.args) {
    out += ' ';
    append_type(out, arg, false);
  }
}

bool is_true_flag(const Param& param) {
  return param.flag && param.type.name == "true" && param.type.ns.empty();
}

}  // namespace

std::string canonical_form(const Definition& definition) {
  std::string out = definition.full_name();
  for (const GenericParam& generic : definition.generics) out += " " + generic.name + ":" + generic.type;
  for (const Param& param : definition.params) {
    if (is_true_flag(param)) continue;
    out += " " + param.name + ":";
    if (param.is_flags_field) {
      out += '#';
      continue;
    }
    if (param.flag) out += param.flag->field + "." + std::to_string(param.flag->bit) + "?";
    append_type(out, param.type, true);
  }
  out += " = ";
  append_type(out, definition.result, true);
  return out;
}

std::uint32_t crc32(std::string_view text) noexcept {
  return static_cast<std::uint32_t>(::crc32_z(0, reinterpret_cast<const Bytef*>(text.data()), text.size()));
}

}  // namespace layer::tl_parser
