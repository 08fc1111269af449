#include "naming.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace layer::tl_gen {
namespace {

// C++ keywords and alternative tokens, the members every generated struct
// declares, and identifiers that common platforms define as macros.
constexpr std::array<std::string_view, 103> reserved = {"alignas",       "alignof",     "and",
                                                        "and_eq",        "asm",         "auto",
                                                        "bitand",        "bitor",       "bool",
                                                        "break",         "case",        "catch",
                                                        "char",          "char8_t",     "char16_t",
                                                        "char32_t",      "class",       "compl",
                                                        "concept",       "const",       "consteval",
                                                        "constexpr",     "constinit",   "const_cast",
                                                        "continue",      "co_await",    "co_return",
                                                        "co_yield",      "decltype",    "default",
                                                        "delete",        "do",          "double",
                                                        "dynamic_cast",  "else",        "enum",
                                                        "explicit",      "export",      "extern",
                                                        "false",         "float",       "for",
                                                        "friend",        "goto",        "if",
                                                        "inline",        "int",         "long",
                                                        "mutable",       "namespace",   "new",
                                                        "noexcept",      "not",         "not_eq",
                                                        "nullptr",       "operator",    "or",
                                                        "or_eq",         "private",     "protected",
                                                        "public",        "register",    "reinterpret_cast",
                                                        "requires",      "return",      "short",
                                                        "signed",        "sizeof",      "static",
                                                        "static_assert", "static_cast", "struct",
                                                        "switch",        "template",    "this",
                                                        "thread_local",  "throw",       "true",
                                                        "try",           "typedef",     "typeid",
                                                        "typename",      "union",       "unsigned",
                                                        "using",         "virtual",     "void",
                                                        "volatile",      "wchar_t",     "while",
                                                        "xor",           "xor_eq",      "ID",
                                                        "Tag",           "Return",      "min_wire_size",
                                                        "is_function",   "type_info",   "read_body",
                                                        "write_body",    "print",       "linux",
                                                        "unix"};

}  // namespace

std::string camel_case(std::string_view tl_name) {
  std::string out;
  bool upper = true;
  for (char c : tl_name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string member_name(std::string_view tl_name) {
  std::string out(tl_name);
  if (std::find(reserved.begin(), reserved.end(), tl_name) != reserved.end()) out += '_';
  return out;
}

std::string file_stem(std::string_view ns) {
  return ns.empty() ? "root" : std::string(ns);
}

}  // namespace layer::tl_gen
