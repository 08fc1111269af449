#pragma once

#include <string>
#include <string_view>

namespace layer::tl_gen {

// `updateShortMessage` → `UpdateShortMessage`, `p_q_inner_data_dc` → `PQInnerDataDc`.
std::string camel_case(std::string_view tl_name);

// A schema field name as a C++ member: keywords and names the generated
// structs use themselves get a trailing underscore (`default` → `default_`).
std::string member_name(std::string_view tl_name);

// A schema namespace as a C++ namespace; the root namespace's files are named "root".
std::string file_stem(std::string_view ns);

}  // namespace layer::tl_gen
