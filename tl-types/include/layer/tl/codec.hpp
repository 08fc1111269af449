#pragma once

#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "layer/tl/boxed.hpp"
#include "layer/tl/reader.hpp"
#include "layer/tl/writer.hpp"

// The TL wire format of every C++ type the generated code uses, as overloads of
// write() and specialisations of read<T>(). C++ types map to TL as follows:
// int32/int64/double/bool(Bool)/std::string/Bytes/Int128/Int256 are the
// built-ins, std::vector<T> is the boxed `Vector<T>`, Boxed<Tag> a boxed type,
// and a generated struct its bare constructor.
namespace layer::tl {

namespace detail {
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_boxed : std::false_type {};
template <class Tag>
struct is_boxed<Boxed<Tag>> : std::true_type {};
}  // namespace detail

// Bytes a value of T takes on the wire at the least; bounds vector counts.
template <class T>
constexpr std::size_t min_wire_size() {
  if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
    return 8;
  } else if constexpr (std::is_same_v<T, Int128> || std::is_same_v<T, Int256>) {
    return sizeof(T);
  } else if constexpr (requires { T::min_wire_size; }) {
    return T::min_wire_size > 0 ? T::min_wire_size : 1;
  } else {
    return 4;
  }
}

inline void write(Writer& w, std::int32_t v) {
  w.write_i32(v);
}
inline void write(Writer& w, std::int64_t v) {
  w.write_i64(v);
}
inline void write(Writer& w, double v) {
  w.write_double(v);
}
inline void write(Writer& w, bool v) {
  w.write_bool(v);
}
inline void write(Writer& w, const std::string& v) {
  w.write_string(v);
}
inline void write(Writer& w, const Bytes& v) {
  w.write_bytes(v);
}
inline void write(Writer& w, const Int128& v) {
  w.write_raw(v);
}
inline void write(Writer& w, const Int256& v) {
  w.write_raw(v);
}
inline void write(Writer& w, const detail::AnyBox& v) {
  v.serialize(w);
}
template <class T>
requires requires(const T& t, Writer& w) {
  t.write_body(w);
}
void write(Writer& w, const T& v) {
  v.write_body(w);
}
template <class T>
void write(Writer& w, const std::vector<T>& v);
template <class T>
void write_bare_vector(Writer& w, const std::vector<T>& v) {
  w.write_u32(static_cast<std::uint32_t>(v.size()));
  for (const auto& item : v) write(w, static_cast<const T&>(item));
}
template <class T>
void write(Writer& w, const std::vector<T>& v) {
  w.write_u32(vector_id);
  write_bare_vector(w, v);
}
// A conditional field whose flag bit is set: written even when another field
// sharing the bit is what set it.
template <class T>
void write_present(Writer& w, const std::optional<T>& v) {
  if (v) {
    write(w, *v);
  } else {
    write(w, T{});
  }
}

// Reads a T into `out`, which holds a default value: the generated read_body
// fills its members in place, so a field costs no temporary and no move, and a
// string or bytes field one allocation at most.
template <class T>
void read_into(Reader& r, T& out);

// Default-constructed elements filled in place: no growth checks per element,
// and for boxed elements no temporary to move and destroy. A vector sized at
// construction has no growth path for the compiler to expand for each element
// type, and `out` is left as it was when a read fails.
template <class T>
void read_items(Reader& r, std::vector<T>& out, std::uint32_t count) {
  std::vector<T> items(count);
  if constexpr (std::is_same_v<T, bool>) {
    for (auto&& item : items) item = r.read_bool();  // std::vector<bool> hands out proxies, not bool&
  } else {
    for (T& item : items) read_into(r, item);
  }
  out.swap(items);
}

template <class T>
void read_bare_vector_into(Reader& r, std::vector<T>& out) {
  read_items(r, out, r.read_bare_vector_count(min_wire_size<T>()));
}

template <class T>
std::vector<T> read_bare_vector(Reader& r) {
  std::vector<T> out;
  read_bare_vector_into(r, out);
  return out;
}

template <class T>
void read_into(Reader& r, T& out) {
  if constexpr (std::is_same_v<T, std::int32_t>) {
    out = r.read_i32();
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    out = r.read_i64();
  } else if constexpr (std::is_same_v<T, double>) {
    out = r.read_double();
  } else if constexpr (std::is_same_v<T, bool>) {
    out = r.read_bool();
  } else if constexpr (std::is_same_v<T, std::string>) {
    auto view = r.read_bytes_view();
    out.assign(reinterpret_cast<const char*>(view.data()), view.size());
  } else if constexpr (std::is_same_v<T, Bytes>) {
    auto view = r.read_bytes_view();
    out.assign(view.begin(), view.end());
  } else if constexpr (std::is_same_v<T, Int128> || std::is_same_v<T, Int256>) {
    out = r.read_fixed<sizeof(T)>();
  } else if constexpr (detail::is_vector<T>::value) {
    using Item = typename T::value_type;
    read_items(r, out, r.read_vector_header(min_wire_size<Item>()));
  } else if constexpr (detail::is_boxed<T>::value) {
    out.read_from(r);
  } else {
    Reader::DepthGuard guard(r);
    out.read_body(r);
  }
}

template <class T>
T read(Reader& r) {
  T out;
  read_into(r, out);
  return out;
}

// The bytes of a boxed value, a function call (id and fields) or a constructor
// (id and fields).
template <class T>
Bytes serialize(const T& value) {
  Bytes out;
  Writer w(out);
  if constexpr (requires { T::ID; }) w.write_u32(T::ID);
  write(w, value);
  w.finish();
  return out;
}

// Reads one complete T from data: boxed types and constructors with their id.
// Throws DecodeError, including when bytes are left over.
template <class T>
T deserialize(std::span<const std::byte> data) {
  Reader r(data);
  T out = [&] {
    if constexpr (requires { T::ID; }) {
      std::uint32_t id = r.read_u32();
      if (id != T::ID)
        r.fail(DecodeErrc::unknown_constructor, "expected " + std::string(T::type_info().name));
    }
    return read<T>(r);
  }();
  if (r.remaining() != 0)
    r.fail(DecodeErrc::trailing_bytes, std::to_string(r.remaining()) + " bytes after the object");
  return out;
}

// deserialize, with nothing instead of an exception for input that does not decode.
template <class T>
std::optional<T> try_deserialize(std::span<const std::byte> data) {
  try {
    return deserialize<T>(data);
  } catch (const DecodeError&) {
    return std::nullopt;
  }
}

}  // namespace layer::tl
