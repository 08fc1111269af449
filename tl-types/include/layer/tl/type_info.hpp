#pragma once

#include <cstdint>
#include <string_view>

namespace layer::tl {

class Reader;
class Writer;
class Printer;

// What a boxed value needs to know about the constructor it holds. One static
// instance per generated constructor or function, so a boxed value is two
// pointers and dispatch needs no virtual functions in the value types.
struct TypeInfo {
  std::uint32_t id;
  std::string_view name;  // as the schema writes it: "messages.sendMessage"
  void* (*read)(Reader&);
  void* (*clone)(const void*);
  void (*destroy)(void*) noexcept;
  bool (*equal)(const void*, const void*);
  void (*write)(const void*, Writer&);
  void (*print)(const void*, Printer&);
};

namespace detail {

// The TypeInfo functions of T as static members rather than lambdas: a lambda
// adds an operator() and a conversion thunk per function, twice the functions
// for g++ to optimize in every generated source.
template <class T>
struct TypeOps {
  static void* read(Reader& r) {
    auto* value = new T;
    try {
      value->read_body(r);
    } catch (...) {
      destroy(value);
      throw;
    }
    return value;
  }
  static void* clone(const void* p) { return new T(*static_cast<const T*>(p)); }
  static void destroy(void* p) noexcept { delete static_cast<T*>(p); }
  static bool equal(const void* a, const void* b) {
    return *static_cast<const T*>(a) == *static_cast<const T*>(b);
  }
  static void write(const void* p, Writer& w) { static_cast<const T*>(p)->write_body(w); }
  static void print(const void* p, Printer& out) { static_cast<const T*>(p)->print(out); }
};

template <class T>
constexpr TypeInfo make_type_info(std::string_view name) {
  using Ops = TypeOps<T>;
  return TypeInfo{T::ID, name, Ops::read, Ops::clone, Ops::destroy, Ops::equal, Ops::write, Ops::print};
}

}  // namespace detail
}  // namespace layer::tl
