// A local Telegram: several DCs on loopback TCP that speak real MTProto 2.0
// (every transport, the server side of the key exchange, encrypted sessions)
// and serve the API calls registered on their dispatchers. Tests, examples and
// users' bots connect to it instead of Telegram.
//
//   boost::asio::io_context io;
//   layer::fakedc::Cluster cluster(io.get_executor());
//   cluster.start();                         // DC 1, 2 and 4 on free ports
//   auto dc2 = cluster.endpoint(2);          // connect here, with cluster.public_key()
//   io.run();
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layer/crypto/rsa.hpp"
#include "layer/fakedc/dispatcher.hpp"
#include "layer/fakedc/faults.hpp"
#include "layer/fakedc/virtual_clock.hpp"
#include "layer/fakedc/world.hpp"
#include "layer/mtproto/clock.hpp"

namespace layer::fakedc {

struct ClusterOptions {
  std::string host = "127.0.0.1";
  // DC n listens on base_port + n; 0 gives each DC a free port.
  std::uint16_t base_port = 0;
  std::vector<std::int32_t> dc_ids{1, 2, 4};
  // PEM private key (PKCS#1 or PKCS#8); empty means test_rsa_private_key_pem().
  std::string rsa_private_key_pem{};
  // Deterministic randomness (keys, ids, fault draws), so a failing run
  // replays. Absent: the OS CSPRNG, and a seed drawn from it for the fault
  // plan's chance= rules, logged at start and kept in faults().seed().
  std::optional<std::uint64_t> seed{};
  // The server's time; the virtual clock's, else the system clock, when empty.
  std::function<mtproto::Time()> clock{};
  // Drives the cluster's timers (and its time, unless clock is set) instead of
  // the machine's clocks; in-process tests only.
  std::shared_ptr<VirtualClock> virtual_clock{};
  // One line per event (connections, rejections with their reason); stderr when empty.
  std::function<void(std::string_view)> log{};
  // The world is loaded from this file when it exists and saved to it by
  // stop() (written 0600: it holds auth keys). Empty: nothing is kept.
  std::string state_file{};
  // Fault rules applied at start (see faults.hpp); the seed above replays them.
  std::string fault_script{};
  // Clients of older layers are answered in their own: the fake DC knows the
  // layers of Telethon and GramJS (tests/data/layers); add others here, each
  // as the TL definitions of that layer that differ from ours (the lines of
  // its api.tl for those constructors and functions).
  std::map<int, std::string> layer_overlays{};
  // A connection that sends nothing for this long is closed.
  std::chrono::seconds idle_timeout{300};
  // Sessions outlive connections, as on Telegram: a DC keeps each by auth key
  // and session id, and a client that comes back on a new connection with the
  // same ones gets every answer it has not acknowledged, once, including
  // those made while it was away (delay faults, deferred handlers); pushes
  // wait for it too, up to 1024. A second connection using a session takes
  // it from the first. A session no connection carries is forgotten after
  // session_idle_timeout (on the cluster's clock, the virtual one when set),
  // and past sessions_per_dc the least recently used of those go first; the
  // restart fault and stop() forget them all. A forgotten session's client
  // gets new_session_created when it comes back; the world stays.
  std::chrono::seconds session_idle_timeout{600};
  std::size_t sessions_per_dc = 4096;
  // Keys a DC keeps that no account is signed in with: every handshake makes
  // one, and past this many the least recently used are forgotten (their
  // clients get -404 and make new keys, as when Telegram forgets one).
  // Signed-in keys stay; temporary keys go once they expire.
  std::size_t unauthorized_keys_per_dc = World::kUnauthorizedKeysPerDc;
  // Key exchanges one connection may run, each costing the server an RSA
  // decryption: a client needs one per key (a permanent key, a temporary one
  // for PFS, one more after a dh_gen_fail). The next one closes the connection.
  int key_exchanges_per_connection = 4;
  // How far behind a client may be and still be sent what it missed: a
  // getDifference from further than this many pts behind the account's box
  // is answered updates.differenceTooLong, and a getChannelDifference from
  // further behind the channel's updates.channelDifferenceTooLong, as
  // Telegram answers clients too far behind to replay (they refetch their
  // chats instead). The difference_too_long and channel_too_long faults
  // answer so whatever the distance.
  std::int32_t difference_too_long_after = 10000;
  std::int32_t channel_difference_too_long_after = 10000;
};

class Cluster {
 public:
  explicit Cluster(boost::asio::any_io_executor executor, ClusterOptions options = {});
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Binds every DC and starts accepting; throws std::system_error when a port
  // cannot be bound and std::invalid_argument for a bad key or DC list.
  void start();
  // Closes the listeners and every connection, and saves the world to
  // state_file; the executor's run() then returns.
  void stop();

  std::vector<std::int32_t> dc_ids() const;
  boost::asio::ip::tcp::endpoint endpoint(std::int32_t dc_id) const;
  const crypto::RsaPublicKey& public_key() const;

  // Accounts, keys, messages: seed it before start (add_user, add_bot) and
  // read it in tests; only touch it on the executor's thread while serving.
  World& world();

  // The fault rules, to set before start; while serving, use apply_fault,
  // which takes one script line (faults.hpp) from any thread.
  FaultPlan& faults();
  void apply_fault(std::string line);

  // Handlers every DC serves; add them before clients call.
  Dispatcher& dispatcher();
  // One DC's own handlers, tried before the shared ones.
  Dispatcher& dispatcher(std::int32_t dc_id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The committed test key (tests/data/fake_dc_rsa_private.pem): never use it for
// anything but tests.
std::string_view test_rsa_private_key_pem();

}  // namespace layer::fakedc
