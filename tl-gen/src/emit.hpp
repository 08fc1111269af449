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

// The run of one group's structs that one generated source defines. Its header
// declares exactly those structs, so a source parses only what it compiles
// instead of the whole namespace (types/root.hpp is most of the API).
struct Part {
  const Group* group = nullptr;
  std::size_t index = 0;  // among the group's parts
  std::vector<const Struct*> structs;
  std::vector<std::size_t> deps;  // the parts holding structs these hold by value

  std::string header() const;  // "layer/tl/parts/types/messages_2.hpp"
};

struct Layout {
  std::vector<Part> parts;                       // each group's parts in order, groups in order
  std::vector<std::vector<std::size_t>> chunks;  // the parts each source defines
};

// Splits the groups into `chunks` sources of about equal weight. Throws when
// bare types held by value across parts would make their headers include each other.
Layout plan_layout(const std::vector<Group>& groups, std::size_t chunks);

std::string fwd_header(const Model& model);
std::string group_header(const Group& group, const Layout& layout);
std::string part_header(const Part& part, const Layout& layout);
std::string umbrella_header(const std::vector<Group>& groups);
std::string layer_header(const Model& model);

// The two sources of a chunk of the layout. `codec` holds what every message
// goes through: read_body, write_body and the TypeInfos with their reading,
// writing and deleting; `values` the copies, comparisons and printing, which
// the build compiles at a lower level.
struct ChunkSources {
  std::string codec;
  std::string values;
};

// The generated sources: the struct members of each chunk of the layout, the
// boxed readers and the id table.
std::vector<ChunkSources> chunk_sources(const Layout& layout);
std::string readers_source(const Model& model);
std::string names_source(const Model& model);
// tl::carried_peers: a switch over the constructors with users:Vector<User>
// or chats:Vector<Chat> fields.
std::string carried_peers_source(const Layout& layout);

// Where a struct's TypeInfo lives: a variable the readers can name without the struct's definition.
std::string type_info_namespace(const Struct& s);

}  // namespace layer::tl_gen
