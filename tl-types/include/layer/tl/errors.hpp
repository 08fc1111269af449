#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace layer::tl {

enum class DecodeErrc {
  truncated,            // the input ends inside a value
  length_too_large,     // a bytes/string/vector length exceeds what is left of the input
  unknown_constructor,  // an id that is not a constructor of the expected type
  nesting_too_deep,     // more nested objects than the reader allows
  bad_vector_id,        // a boxed vector that does not start with 0x1cb5c415
  bad_bool,             // neither boolTrue nor boolFalse
  trailing_bytes,       // input left over after a complete top-level object
};

const char* to_string(DecodeErrc code) noexcept;

// A constructor id as error messages write it: "0x1cb5c415".
std::string id_text(std::uint32_t id);

// Bytes that do not decode as the expected TL value. what() names the failure,
// the offset it happened at and, for unknown ids, the id and the expected type.
class DecodeError : public std::runtime_error {
 public:
  DecodeError(DecodeErrc code, std::size_t offset, const std::string& detail);
  DecodeErrc code() const noexcept { return code_; }
  std::size_t offset() const noexcept { return offset_; }

 private:
  DecodeErrc code_;
  std::size_t offset_;
};

// A value that cannot be serialized, such as a boxed field that holds no constructor.
class EncodeError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace layer::tl
