#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "layer/tl/boxed.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::tl {

// Renders TL values in a one-line, TL-like text form for logs and test output:
// `updateShortMessage{out: true, id: 42, message: "hi", entities: [messageEntityBold{offset: 0, length:
// 2}]}`. Absent optional fields and unset `true` flags are left out; long byte strings are shortened.
class Printer {
 public:
  explicit Printer(std::string& out) noexcept : out_(out) {}

  void begin(std::string_view name);
  void end();

  // The pieces a generated print body calls are out of line: printing is not
  // on a hot path, and every inlined string append would be compiled again in
  // each of the API's print bodies.
  template <class T>
  void field(std::string_view name, const T& value) {
    key(name);
    value_of(value);
  }
  template <class T>
  void field(std::string_view name, const std::optional<T>& value) {
    if (value) field(name, *value);
  }
  // A `flags.N?true` field: shown only when set.
  void flag(std::string_view name, bool value) {
    if (value) field(name, true);
  }

  void value_of(std::int32_t v);
  void value_of(std::int64_t v);
  void value_of(double v);
  void value_of(bool v);
  void value_of(const std::string& v);
  void value_of(const Bytes& v);
  void value_of(const Int128& v) { hex(v); }
  void value_of(const Int256& v) { hex(v); }
  void value_of(const detail::AnyBox& v) { v.print(*this); }
  template <class T>
  void value_of(const std::vector<T>& v) {
    open_list();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) list_separator();
      value_of(v[i]);
    }
    close_list();
  }
  template <class T>
  requires requires(const T& t, Printer& p) { t.print(p); }
  void value_of(const T& v) { v.print(*this); }

 private:
  void key(std::string_view name);
  void open_list();
  void list_separator();
  void close_list();
  void hex(std::span<const std::byte> data);

  std::string& out_;
};

template <class T>
requires requires(const T& t, Printer& p) {
  t.print(p);
}
std::string to_string(const T& value) {
  std::string out;
  Printer printer(out);
  value.print(printer);
  return out;
}

template <class T>
requires requires(const T& t, Printer& p) {
  t.print(p);
}
std::ostream& operator<<(std::ostream& os, const T& value) {
  return os << to_string(value);
}

}  // namespace layer::tl
