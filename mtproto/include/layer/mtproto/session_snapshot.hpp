// What a client session needs to go on in another process without a new key
// exchange: the key, the salts, the clock offset and (to resume the same
// server session) its id and seq_no counter. ClientSession::snapshot() makes
// one; the ClientSession constructor takes one back.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "layer/crypto/auth_key.hpp"
#include "layer/mtproto/salt_schedule.hpp"

namespace layer::mtproto {

struct SessionSnapshot {
  crypto::AuthKey key;
  std::int64_t salt = 0;
  std::vector<ScheduledSalt> future_salts;
  std::int32_t time_offset = 0;  // seconds to add to the local clock for the server's
  // Empty: a new session (a fresh id, drawn from the Rng). Set: the same
  // server session, whose msg_ids the server still knows.
  std::optional<std::int64_t> session_id;
  std::int32_t content_count = 0;  // content-related messages sent in that session
  std::int64_t last_msg_id = 0;    // the session's ids go on above it
};

}  // namespace layer::mtproto
