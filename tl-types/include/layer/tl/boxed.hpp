#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "layer/tl/reader.hpp"
#include "layer/tl/type_info.hpp"

namespace layer::tl {

namespace tags {
// Any constructor or function of either schema (what tl-dump reads).
struct AnyObject {
  static constexpr std::string_view name = "Object";
  static const TypeInfo* find(std::uint32_t id) noexcept;
};
// Any function: the `!X` in `invokeWithLayer {X:Type} layer:int query:!X = X`.
struct AnyFunction {
  static constexpr std::string_view name = "Function";
  static const TypeInfo* find(std::uint32_t id) noexcept;
};
}  // namespace tags

namespace detail {

// The untyped half of Boxed: ownership, copying, comparison and serialization
// through the TypeInfo, compiled once instead of once per boxed type. The value
// is on the heap, or in `storage_` when TypeInfo::stored_inline says so.
class AnyBox {
 public:
  AnyBox() noexcept = default;
  AnyBox(const AnyBox& other);
  AnyBox(AnyBox&& other) noexcept;
  AnyBox& operator=(const AnyBox& other);
  AnyBox& operator=(AnyBox&& other) noexcept;
  ~AnyBox();

  std::uint32_t id() const noexcept { return info_ ? info_->id : 0; }
  // The constructor's name as the schema writes it; empty when nothing is held.
  std::string_view name() const noexcept { return info_ ? info_->name : std::string_view(); }
  bool empty() const noexcept { return info_ == nullptr; }
  const TypeInfo* type_info() const noexcept { return info_; }

  // The constructor held if it is T, else null: Boxed<Tag>::as<T>() for code
  // that holds a box of any type.
  template <class T>
  const T* get_if() const noexcept {
    return info_ == &T::type_info() ? std::launder(static_cast<const T*>(value())) : nullptr;
  }

  // Writes the constructor id and its fields. Throws EncodeError when empty.
  void serialize(Writer& w) const;
  void print(Printer& out) const;
  friend bool operator==(const AnyBox& a, const AnyBox& b);

 protected:
  template <class T>
  AnyBox(const TypeInfo* info, T&& value) : info_(info) {
    using Value = std::remove_cvref_t<T>;
    if constexpr (stored_inline<Value>) {
      ::new (static_cast<void*>(storage_.bytes)) Value(std::forward<T>(value));
    } else {
      storage_.heap = new Value(std::forward<T>(value));
    }
  }
  void read(Reader& r, std::uint32_t id, const TypeInfo* info, std::string_view expected);
  // Only when not empty.
  void* value() noexcept { return info_->stored_inline ? storage_.bytes : storage_.heap; }
  const void* value() const noexcept { return info_->stored_inline ? storage_.bytes : storage_.heap; }

 private:
  union Storage {
    void* heap;
    alignas(void*) std::byte bytes[inline_box_size];
  };
  const TypeInfo* info_ = nullptr;
  Storage storage_{};
};

}  // namespace detail

// T is a generated constructor of the boxed type Tag, or any constructor or
// function for AnyObject, or any function for AnyFunction.
template <class Tag, class T>
concept boxable_in = requires {
  { T::type_info() } -> std::same_as<const TypeInfo&>;
}
&&(std::same_as<typename T::Tag, Tag> || std::same_as<Tag, tags::AnyObject> ||
   (std::same_as<Tag, tags::AnyFunction> && T::is_function));

// A value of a boxed TL type: one of its constructors, held on the heap so that
// recursive types work and moves are a few words' copy (small trivially
// copyable constructors are held inline, see stored_inline). Match it with
// `as<T>()`/`is<T>()` or a switch on `id()` against `T::ID`.
template <class Tag>
class Boxed : public detail::AnyBox {
 public:
  Boxed() noexcept = default;

  template <class T>
  requires boxable_in<Tag, std::remove_cvref_t<T>> Boxed(
      T&& value)  // NOLINT(google-explicit-constructor): a constructor is a value of its type
      : AnyBox(&std::remove_cvref_t<T>::type_info(), std::forward<T>(value)) {}

  template <class T>
  bool is() const noexcept {
    return id() == T::ID && !empty();
  }
  template <class T>
  T* as() & noexcept {
    return is<T>() ? std::launder(static_cast<T*>(value())) : nullptr;
  }
  template <class T>
  const T* as() const& noexcept {
    return is<T>() ? std::launder(static_cast<const T*>(value())) : nullptr;
  }
  // On a temporary, the constructor itself is moved out: a pointer into the
  // temporary would dangle at the end of the statement.
  template <class T>
  std::optional<T> as() && {
    if (!is<T>()) return std::nullopt;
    return std::move(*std::launder(static_cast<T*>(value())));
  }

  // Reads a constructor id and the constructor it names, which must belong to Tag.
  static Boxed deserialize(Reader& r);
  // The same into this value, replacing what it held.
  void read_from(Reader& r);

  friend bool operator==(const Boxed& a, const Boxed& b) {
    return static_cast<const AnyBox&>(a) == static_cast<const AnyBox&>(b);
  }
};

template <class Tag>
Boxed<Tag> Boxed<Tag>::deserialize(Reader& r) {
  Boxed out;
  out.read_from(r);
  return out;
}

template <class Tag>
void Boxed<Tag>::read_from(Reader& r) {
  std::uint32_t id = r.read_u32();
  read(r, id, Tag::find(id), Tag::name);
}

using AnyObject = Boxed<tags::AnyObject>;
using AnyFunction = Boxed<tags::AnyFunction>;

}  // namespace layer::tl
