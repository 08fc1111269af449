// Options of the client's message calls (Client::send_message and friends).
// Every member has a default, so `{.silent = true}` says only what differs.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "layer/tl/types/root.hpp"

namespace layer::client {

struct SendOptions {
  std::optional<std::int32_t> reply_to{};  // the id of the message answered
  bool silent = false;                     // no notification sound
  bool no_webpage = false;                 // no link preview
  // Sent by Telegram at that time instead of now.
  std::optional<std::chrono::system_clock::time_point> schedule{};
  std::optional<tl::enums::ReplyMarkup> reply_markup{};
  // Formatting of the text, offsets in UTF-16 code units (formatting.hpp
  // makes them from Markdown or HTML).
  std::vector<tl::enums::MessageEntity> entities{};
  // The same random_id again is never a second message, even from another
  // run of the caller's program: a caller that must not send twice across
  // its own restarts stores the id before sending. Drawn at random when empty.
  std::optional<std::int64_t> random_id{};
};

struct EditOptions {
  bool no_webpage = false;
  std::optional<tl::enums::ReplyMarkup> reply_markup{};
  std::vector<tl::enums::MessageEntity> entities{};
};

struct ForwardOptions {
  bool silent = false;
  bool drop_author = false;  // sent as our own message, without the forward header
  // One per message; drawn at random when empty.
  std::vector<std::int64_t> random_ids{};
};

struct PinOptions {
  bool unpin = false;
  bool silent = false;      // no notification for the members
  bool pm_oneside = false;  // in a private chat, pinned for us only
};

struct CallbackAnswer {
  std::string text{};  // shown to the user; empty: nothing shown
  bool alert = false;  // a dialog instead of a toast
  std::optional<std::string> url{};
  std::int32_t cache_time = 0;
};

struct InlineAnswer {
  std::int32_t cache_time = 300;
  bool personal = false;  // the results are for this user only
  std::optional<std::string> next_offset{};
  bool gallery = false;
};

}  // namespace layer::client
