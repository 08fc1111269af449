// Which numbered sequence an update belongs to, and its place there: the
// account's pts (messages of private chats and basic groups), its qts (what
// bots are told of members, stops, reactions...), or a channel's own pts.
// Updates of none (typing, status, callback queries) have no place and cannot
// be fetched again. The list follows the schema; a test reads schema/api.tl
// and fails when a layer adds a numbered update this does not know.
#pragma once

#include <cstdint>
#include <optional>

#include "layer/client/updates.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::client::detail {

struct Place {
  UpdateBox box;
  std::int32_t number = 0;  // the box's pts (or qts) once the update is applied
  std::int32_t count = 0;   // how many numbers it takes: pts_count, 1 for qts
};

std::optional<Place> place_of(const tl::enums::Update& update);
// The box a constructor of Update is numbered in; none for unnumbered ones.
std::optional<UpdateBox::Kind> numbering_of(std::uint32_t constructor);

// The channel a message is in, 0 for a private chat or a basic group.
std::int64_t channel_of(const tl::enums::Message& message);

}  // namespace layer::client::detail
