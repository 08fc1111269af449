// Everything Client::connect needs. Only api_id and api_hash are required for
// Telegram; a test against the fake DC sets dcs and server_keys to its own.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "layer/client/clock.hpp"
#include "layer/client/connection_state.hpp"
#include "layer/client/session_store.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/mtproto/transport/kind.hpp"

namespace layer::client {

// A FLOOD_WAIT_X (or FLOOD_PREMIUM_WAIT_X, SLOWMODE_WAIT_X) the client met.
struct FloodWait {
  std::string_view method{};  // "messages.sendMessage"
  std::int32_t dc_id = 0;
  std::chrono::seconds wait{0};
};

struct Config {
  std::int32_t api_id = 0;
  std::string api_hash{};

  // The SQLite session file (created 0600 when missing). Empty: the session
  // lives in memory and is lost at exit. store, when set, is used instead.
  std::string session{};
  std::shared_ptr<SessionStore> store{};

  // Where a session without a home DC starts, and the addresses known before
  // help.getConfig names its own. Empty: Telegram's production DCs.
  std::int32_t initial_dc = 2;
  std::vector<DcAddress> dcs{};
  // The servers' RSA keys; empty: Telegram's.
  std::vector<crypto::RsaPublicKey> server_keys{};
  mtproto::transport::Kind transport = mtproto::transport::Kind::intermediate;
  // Perfect forward secrecy: every DC's traffic goes under temporary keys,
  // each bound to the DC's permanent key (auth.bindTempAuthKey) and replaced
  // before it expires, so the permanent key encrypts nothing but the
  // bindings. Temporary keys are not stored: a new process makes its own.
  bool pfs = false;
  std::chrono::seconds temp_key_lifetime{24 * 3600};  // at least 60 s

  // Sent in initConnection on every new connection.
  std::string device_model = "layer";
  std::string system_version = "Linux";
  std::string app_version = "0.1.0";
  std::string system_lang_code = "en";
  std::string lang_pack{};
  std::string lang_code = "en";

  // A FLOOD_WAIT up to this long is slept through and the call made again;
  // a longer one resolves the call with the error.
  std::chrono::seconds flood_sleep_threshold{60};
  // Decides instead of the threshold when set: true sleeps and retries.
  std::function<bool(const FloodWait&)> on_flood_wait{};
  // Applies to every request that gives no timeout of its own; zero: none.
  std::chrono::milliseconds request_timeout{0};

  // The update stream (updates.hpp). Off: no updates are fetched or kept.
  bool receive_updates = true;
  // How long a gap in pts, qts or seq may stay open before it is fetched.
  std::chrono::milliseconds update_gap_wait{500};
  // Updates waiting for the consumer; past it they are fetched again later.
  std::size_t update_buffer = 10000;

  std::chrono::seconds ping_interval{60};  // ping_delay_disconnect keepalive
  std::chrono::milliseconds connect_timeout{10'000};
  // Client::connect tries this many connections in a row, with the reconnect
  // delays between them, before it throws the last one's error (a lost first
  // connection, a refused key binding, a DC restarting). Zero: it waits for
  // the network however long that takes. Errors that no retry mends (an
  // unknown DC, a server that broke the protocol) throw at once.
  int connect_attempts = 4;
  // Reconnect delays: doubled from the first to the cap, each with up to
  // half of it added at random.
  std::chrono::milliseconds reconnect_delay{500};
  std::chrono::milliseconds max_reconnect_delay{30'000};

  std::shared_ptr<Clock> clock{};      // system_clock() when empty
  std::shared_ptr<crypto::Rng> rng{};  // OpenSSL's when empty
  std::function<void(const ConnectionEvent&)> on_connection_state{};
  std::function<void(std::string_view)> log{};  // one line per event; silent when empty
};

}  // namespace layer::client
