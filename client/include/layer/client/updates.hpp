// What Telegram pushes, as the client's update stream yields it.
//
//   auto updates = client.updates();
//   while (auto update = co_await updates.next()) {
//     if (auto* msg = std::get_if<layer::client::NewMessage>(&*update); msg && !msg->outgoing())
//       co_await client.send_message(msg->chat(), "Echo: " + msg->text());
//   }
//
// The contract. While the client runs, every update arrives exactly once and
// in order within its chat: gaps in pts, qts and seq are waited for briefly
// (Config::update_gap_wait) and then fetched with updates.getDifference or
// updates.getChannelDifference; duplicates are dropped. Where Telegram cannot
// give back what was missed (differenceTooLong, channelDifferenceTooLong, a
// channel the account lost access to), the stream yields UpdatesLost naming
// the box and the range instead of skipping it silently.
//
// Across restarts it is at least once: the session store keeps the state up
// to the last update next() returned, so a client that stops or crashes
// before its consumer took an update gets it again on the next start (catch-up
// through getDifference), and one the consumer took is never fetched again.
//
// Memory is bounded: past Config::update_buffer waiting updates, the client
// stops taking numbered updates in and fetches them again through
// getDifference once the consumer has caught up. Updates that carry no number
// (typing, status, callback and inline queries) cannot be fetched again; those
// dropped while the buffer was full are reported as one UpdatesLost of the
// unnumbered box with their count.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "layer/tl/types/root.hpp"

namespace layer::client {

// A sequence of updates: the account's common pts box, its secondary (qts)
// box, one channel's pts box, or none (updates without a number).
struct UpdateBox {
  enum class Kind : std::uint8_t { common, secondary, channel, unnumbered };
  Kind kind = Kind::common;
  std::int64_t channel_id = 0;  // for Kind::channel
  friend auto operator<=>(const UpdateBox&, const UpdateBox&) = default;
};

std::string to_string(const UpdateBox& box);

// Updates Telegram could not give back: numbers from (exclusive) to
// (inclusive) of box; for the unnumbered box, `to - from` updates dropped.
struct UpdatesLost {
  UpdateBox box;
  std::int32_t from = 0;
  std::int32_t to = 0;
  friend bool operator==(const UpdatesLost&, const UpdatesLost&) = default;
};

// The users and chats Telegram sent along with updates.
struct Entities {
  std::vector<tl::enums::User> users;
  std::vector<tl::enums::Chat> chats;

  const tl::types::User* user(std::int64_t id) const;
  // A basic group or a channel.
  const tl::enums::Chat* chat(std::int64_t id) const;
};

}  // namespace layer::client
