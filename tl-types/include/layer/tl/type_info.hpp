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

template <class T>
constexpr TypeInfo make_type_info(std::string_view name) {
  return TypeInfo{
      T::ID,
      name,
      [](Reader& r) -> void* {
        auto* value = new T;
        try {
          value->read_body(r);
        } catch (...) {
          delete value;
          throw;
        }
        return value;
      },
      [](const void* p) -> void* { return new T(*static_cast<const T*>(p)); },
      [](void* p) noexcept { delete static_cast<T*>(p); },
      [](const void* a, const void* b) { return *static_cast<const T*>(a) == *static_cast<const T*>(b); },
      [](const void* p, Writer& w) { static_cast<const T*>(p)->write_body(w); },
      [](const void* p, Printer& out) { static_cast<const T*>(p)->print(out); },
  };
}

}  // namespace detail
}  // namespace layer::tl
