#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace layer::tl_gen {

// Writes `text` to `path` unless the file already holds exactly that, so that
// regenerating an unchanged schema does not make the build recompile anything.
void write_if_changed(const std::filesystem::path& path, const std::string& text);

// Appends `text` to `out` with `$1`..`$9` replaced by the arguments.
void emit(std::string& out, std::string_view text, std::initializer_list<std::string_view> args = {});

}  // namespace layer::tl_gen
