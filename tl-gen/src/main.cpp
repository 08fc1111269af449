// tl-gen: turns api.tl and mtproto.tl into the C++ sources of layer::tl_types.
//   tl-gen --api api.tl --mtproto mtproto.tl --out DIR [--chunks N] [--layer N]
// writes DIR/include/layer/... (namespace headers, and the part headers under
// layer/tl/parts that they include) and
// DIR/src/{codec_*.cpp,values_*.cpp,readers.cpp,names.cpp,carried_peers.cpp}.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "emit.hpp"
#include "layer/tl_parser/parser.hpp"
#include "output.hpp"

namespace {

using layer::tl_gen::write_if_changed;

layer::tl_parser::Schema load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return layer::tl_parser::parse(text.str());
  } catch (const layer::tl_parser::ParseError& e) {
    throw std::runtime_error(path.string() + ":" + e.what());
  }
}

// Files of an earlier schema or chunk count would otherwise be installed or
// found beside the current ones.
void remove_stale(const std::filesystem::path& dir, const std::set<std::filesystem::path>& current) {
  if (!std::filesystem::exists(dir)) return;
  std::vector<std::filesystem::path> stale;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && !current.count(entry.path())) stale.push_back(entry.path());
  }
  for (const auto& path : stale) std::filesystem::remove(path);
}

std::map<std::string, std::string> parse_args(int argc, char** argv) {
  std::map<std::string, std::string> args{{"--chunks", "8"}};
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  for (const char* required : {"--api", "--mtproto", "--out"}) {
    if (!args.count(required)) {
      throw std::runtime_error(
          std::string("missing ") + required +
          "\nusage: tl-gen --api api.tl --mtproto mtproto.tl --out DIR [--chunks N] [--layer N]");
    }
  }
  return args;
}

void generate(const std::map<std::string, std::string>& args) {
  using namespace layer::tl_gen;
  auto api = load(args.at("--api"));
  auto mtproto = load(args.at("--mtproto"));
  std::optional<int> layer;
  if (auto given = args.find("--layer"); given != args.end()) layer = std::stoi(given->second);
  Model model = build_model(api, mtproto, layer);
  std::vector<Group> groups = group_structs(model);
  std::size_t chunks = std::stoul(args.at("--chunks"));
  if (chunks == 0) throw std::runtime_error("--chunks must be at least 1");
  Layout layout = plan_layout(groups, chunks);
  std::filesystem::path out = args.at("--out");
  std::filesystem::path include = out / "include";
  write_if_changed(include / "layer/tl/fwd.hpp", fwd_header(model));
  write_if_changed(include / "layer/tl/layer.hpp", layer_header(model));
  write_if_changed(include / "layer/tl.hpp", umbrella_header(groups));
  for (const Group& group : groups) write_if_changed(include / group.header(), group_header(group, layout));
  std::set<std::filesystem::path> parts;
  for (const Part& part : layout.parts) {
    parts.insert(include / part.header());
    write_if_changed(include / part.header(), part_header(part, layout));
  }
  remove_stale(include / "layer/tl/parts", parts);
  std::set<std::filesystem::path> written;
  auto write_source = [&](const std::string& name, const std::string& text) {
    written.insert(out / "src" / name);
    write_if_changed(out / "src" / name, text);
  };
  auto sources = chunk_sources(layout);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    write_source("codec_" + std::to_string(i) + ".cpp", sources[i].codec);
    write_source("values_" + std::to_string(i) + ".cpp", sources[i].values);
  }
  write_source("readers.cpp", readers_source(model));
  write_source("names.cpp", names_source(model));
  write_source("carried_peers.cpp", carried_peers_source(layout));
  remove_stale(out / "src", written);
  std::cout << "tl-gen: layer " << model.layer << ", " << model.structs.size() << " structs, "
            << model.boxed.size() << " boxed types, " << model.names.size() << " ids\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    generate(parse_args(argc, argv));
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "tl-gen: " << e.what() << "\n";
    return 1;
  }
}
