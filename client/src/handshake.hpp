// The key exchange as a coroutine over mtproto's handshake steps, on plain
// messages of an open connection. A check the server's answer fails is
// returned as the step's error (a security violation); the connection is then
// unusable for this attempt.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "connection.hpp"
#include "layer/client/clock.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/mtproto/handshake/client.hpp"
#include "layer/mtproto/result.hpp"

namespace layer::client::detail {

struct KeyExchange {
  std::int32_t dc_id = 0;
  std::span<const crypto::RsaPublicKey> keys;  // empty: Telegram's
  std::optional<std::int32_t> expires_in;      // a temporary (PFS) key
};

boost::asio::awaitable<mtproto::Result<mtproto::handshake::Done>> exchange_keys(Connection& connection,
                                                                                const KeyExchange& what,
                                                                                crypto::Rng& rng,
                                                                                Clock& clock);

}  // namespace layer::client::detail
