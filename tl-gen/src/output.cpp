#include "output.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace layer::tl_gen {

void write_if_changed(const std::filesystem::path& path, const std::string& text) {
  {
    std::ifstream existing(path, std::ios::binary);
    if (existing) {
      std::ostringstream current;
      current << existing.rdbuf();
      if (current.str() == text) return;
    }
  }
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

void emit(std::string& out, std::string_view text, std::initializer_list<std::string_view> args) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
      std::size_t index = static_cast<std::size_t>(text[i + 1] - '1');
      if (index >= args.size()) throw std::logic_error("emit: missing argument");
      out.append(*(args.begin() + index));
      ++i;
    } else {
      out += text[i];
    }
  }
}

}  // namespace layer::tl_gen
