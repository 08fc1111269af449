#pragma once

#include <string>
#include <vector>

#include "model.hpp"

namespace layer::tl_gen {

// The structs of one schema namespace, constructors or functions: one header.
struct Group {
  bool functions = false;
  std::string ns;
  std::vector<const Struct*> structs;  // in an order where bare dependencies come first

  std::string header() const;  // "layer/tl/types/messages.hpp"
};

std::vector<Group> group_structs(const Model& model);

std::string fwd_header(const Model& model);
std::string group_header(const Group& group, const std::vector<Group>& all);
std::string umbrella_header(const std::vector<Group>& groups);
std::string layer_header(const Model& model);

// The generated sources: `chunks` files of struct members, the boxed readers and the id table.
std::vector<std::string> chunk_sources(const std::vector<Group>& groups, std::size_t chunks);
std::string readers_source(const Model& model, const std::vector<Group>& groups);
std::string names_source(const Model& model);

}  // namespace layer::tl_gen
