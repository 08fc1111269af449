// One DC of the cluster: its listener, its connections and its sessions,
// which outlive the connections. Keys and sessions are per DC, as on
// Telegram: a key made with DC 2 is unknown to DC 4.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/crypto/rsa.hpp"
#include "layer/fakedc/cluster.hpp"
#include "layer/fakedc/dispatcher.hpp"
#include "layer/fakedc/faults.hpp"
#include "layer/fakedc/world.hpp"
#include "layers/translator.hpp"
#include "session_table.hpp"
#include "timers.hpp"

namespace layer::fakedc {

class Connection;

// What every DC of a cluster shares.
struct Shared {
  Shared(boost::asio::any_io_executor executor_, ClusterOptions options_, crypto::RsaPrivateKey rsa_,
         std::unique_ptr<crypto::Rng> rng_)
      : executor(std::move(executor_)),
        options(std::move(options_)),
        rsa(std::move(rsa_)),
        rng(std::move(rng_)),
        world([this] { return now(); }, *rng, options.unauthorized_keys_per_dc),
        faults(options.seed ? *options.seed : fault_seed(*rng)),
        timers(executor, options.virtual_clock),
        translator(make_translator(options.layer_overlays)) {}

  boost::asio::any_io_executor executor;
  ClusterOptions options;
  crypto::RsaPrivateKey rsa;
  std::unique_ptr<crypto::Rng> rng;
  World world;
  FaultPlan faults;
  Timers timers;
  std::shared_ptr<const Translator> translator;
  Dispatcher dispatcher;
  // Sends Updates to every session signed in as account but skip_session,
  // connected or not.
  std::function<void(std::int64_t account, std::span<const std::byte> updates, std::int64_t skip_session)>
      push;

  // Closes every connection and forgets every session, as a restarted server would.
  std::function<void()> restart;

  mtproto::Time now() const { return options.clock() + faults.skew(); }
  static std::uint64_t fault_seed(crypto::Rng& rng) {
    std::uint64_t seed = 0;
    rng.fill(std::as_writable_bytes(std::span(&seed, 1)));
    return seed;
  }
  void log(std::string_view line) const { options.log(line); }
};

class Dc {
 public:
  Dc(std::int32_t id, Shared& shared);
  ~Dc();

  void listen(const boost::asio::ip::tcp::endpoint& at);
  void stop();

  std::int32_t id() const noexcept { return id_; }
  boost::asio::ip::tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }
  Dispatcher& dispatcher() noexcept { return dispatcher_; }
  Shared& shared() noexcept { return shared_; }
  SessionTable& sessions() noexcept { return sessions_; }
  // A line already naming its connection ("dc2#7: ...").
  void log(std::string_view line) const;

  void drop_connections();
  void forget_sessions(std::string_view why) { sessions_.clear(why); }
  // Queues updates on this DC's sessions signed in as account, but skip_session.
  void push(std::int64_t account, std::span<const std::byte> updates, std::int64_t skip_session);

 private:
  boost::asio::awaitable<void> accept_loop();

  std::int32_t id_;
  Shared& shared_;
  Dispatcher dispatcher_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::vector<std::weak_ptr<Connection>> connections_;
  std::uint64_t accepted_ = 0;
  SessionTable sessions_{*this};
};

}  // namespace layer::fakedc
