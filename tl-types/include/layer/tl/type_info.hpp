#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <string_view>
#include <type_traits>

namespace layer::tl {

class Reader;
class Writer;
class Printer;

// A constructor as small as a pointer pair and trivially copyable (peerUser,
// messageEntityBold, inputPeerUser, ...) lives inside its boxed value instead
// of on the heap: decoding a message then costs one allocation less for each
// such field, and copying or moving it is a copy of bytes.
inline constexpr std::size_t inline_box_size = 16;
template <class T>
inline constexpr bool stored_inline = std::is_trivially_copyable_v<T> && sizeof(T) <= inline_box_size &&
                                      alignof(T) <= alignof(void*);

// What a boxed value needs to know about the constructor it holds. One static
// instance per generated constructor or function, so a boxed value is a pointer
// and a small buffer and dispatch needs no virtual functions in the value types.
struct TypeInfo {
  std::uint32_t id;
  std::string_view name;  // as the schema writes it: "messages.sendMessage"
  bool stored_inline;     // the value is in the box's buffer; clone and destroy are null
  // Reads the fields into `buffer` when stored inline, else into a new value.
  void* (*read)(Reader&, void* buffer);
  void* (*clone)(const void*);
  void (*destroy)(void*) noexcept;
  bool (*equal)(const void*, const void*);
  void (*write)(const void*, Writer&);
  void (*print)(const void*, Printer&);
};

namespace detail {

// The TypeInfo functions of T as static members rather than lambdas: a lambda
// adds an operator() and a conversion thunk per function, twice the functions
// for g++ to optimize in every generated source. These are the ones on the
// wire's path, compiled with the generated read_body and write_body.
template <class T>
struct WireOps {
  static void* read(Reader& r, [[maybe_unused]] void* buffer) {
    if constexpr (stored_inline<T>) {
      auto* value = ::new (buffer) T;
      value->read_body(r);  // nothing to clean up if it throws: T is trivially destructible
      return value;
    } else {
      auto* value = new T;
      try {
        value->read_body(r);
      } catch (...) {
        destroy(value);
        throw;
      }
      return value;
    }
  }
  static void destroy(void* p) noexcept { delete static_cast<T*>(p); }
  static void write(const void* p, Writer& w) { static_cast<const T*>(p)->write_body(w); }
};

// The rest, defined out of the class so that a generated source can declare
// them `extern template` and leave their instantiation to the source that is
// compiled for size (see tl-types/CMakeLists.txt).
template <class T>
struct ValueOps {
  static void* clone(const void* p);
  static bool equal(const void* a, const void* b);
  static void print(const void* p, Printer& out);
};

template <class T>
void* ValueOps<T>::clone(const void* p) {
  return new T(*static_cast<const T*>(p));
}
template <class T>
bool ValueOps<T>::equal(const void* a, const void* b) {
  return *static_cast<const T*>(a) == *static_cast<const T*>(b);
}
template <class T>
void ValueOps<T>::print(const void* p, Printer& out) {
  static_cast<const T*>(p)->print(out);
}

template <class T>
constexpr TypeInfo make_type_info(std::string_view name) {
  using Wire = WireOps<T>;
  using Value = ValueOps<T>;
  if constexpr (stored_inline<T>) {
    return TypeInfo{T::ID, name, true, Wire::read, nullptr, nullptr, Value::equal, Wire::write, Value::print};
  } else {
    return TypeInfo{T::ID,         name,         false,       Wire::read,  Value::clone,
                    Wire::destroy, Value::equal, Wire::write, Value::print};
  }
}

}  // namespace detail
}  // namespace layer::tl
