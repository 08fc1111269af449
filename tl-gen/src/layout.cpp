// How the generated structs are spread over headers and sources: each source
// defines a run of structs of about equal weight, and each group's share of a
// source is one part header, so that compiling a source parses its own structs
// and what they hold by value, not the namespaces they come from.
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

#include "emit.hpp"
#include "naming.hpp"

namespace layer::tl_gen {
namespace {

// A rough measure of the time g++ takes over a struct's members, fitted to the
// compile times of the layer-229 chunks: a vector field (copied, compared,
// destroyed, read, written and printed by a loop of its own) costs about five
// plain fields, an optional one about two.
std::size_t weight(const Struct& s) {
  std::size_t w = 3;
  for (const Field& f : s.fields) {
    if (f.kind == FieldKind::bare_vector || f.cpp_type.starts_with("std::vector<")) {
      w += 5;
    } else if (f.flag && f.kind == FieldKind::value) {
      w += 2;
    } else {
      w += 1;
    }
  }
  return w;
}

void check_acyclic(const Layout& layout) {
  std::vector<int> state(layout.parts.size(), 0);  // 0 unvisited, 1 on the path, 2 done
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    if (state[i] == 2) return;
    if (state[i] == 1) {
      throw std::runtime_error("bare types held by value make " + layout.parts[i].header() +
                               " include itself; generate with fewer --chunks");
    }
    state[i] = 1;
    for (std::size_t dep : layout.parts[i].deps) visit(dep);
    state[i] = 2;
  };
  for (std::size_t i = 0; i < layout.parts.size(); ++i) visit(i);
}

}  // namespace

std::string Part::header() const {
  std::string out = "layer/tl/parts/";
  out += group->functions ? "functions/" : "types/";
  out += file_stem(group->ns);
  out += '_';
  out += std::to_string(index);
  out += ".hpp";
  return out;
}

Layout plan_layout(const std::vector<Group>& groups, std::size_t chunks) {
  std::vector<std::pair<const Group*, const Struct*>> all;
  std::size_t total = 0;
  for (const Group& g : groups) {
    for (const Struct* s : g.structs) {
      all.emplace_back(&g, s);
      total += weight(*s);
    }
  }
  Layout layout;
  std::map<const Group*, std::size_t> parts_of_group;
  std::map<std::string, std::size_t> part_of_struct;
  std::size_t next = 0;
  std::size_t spent = 0;
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    std::size_t budget = total * (chunk + 1) / chunks;
    std::vector<std::size_t> chunk_parts;
    while (next < all.size() && (spent < budget || chunk + 1 == chunks)) {
      auto [group, s] = all[next++];
      spent += weight(*s);
      if (chunk_parts.empty() || layout.parts[chunk_parts.back()].group != group) {
        chunk_parts.push_back(layout.parts.size());
        layout.parts.push_back(Part{group, parts_of_group[group]++, {}, {}});
      }
      layout.parts[chunk_parts.back()].structs.push_back(s);
      part_of_struct[s->qualified()] = chunk_parts.back();
    }
    layout.chunks.push_back(std::move(chunk_parts));
  }
  for (std::size_t i = 0; i < layout.parts.size(); ++i) {
    std::set<std::size_t> deps;
    for (const Struct* s : layout.parts[i].structs) {
      for (const std::string& dep : s->bare_deps) {
        auto it = part_of_struct.find(dep);
        if (it != part_of_struct.end() && it->second != i) deps.insert(it->second);
      }
    }
    layout.parts[i].deps.assign(deps.begin(), deps.end());
  }
  check_acyclic(layout);
  return layout;
}

}  // namespace layer::tl_gen
