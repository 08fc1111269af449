// A Client against an in-process fake DC on one io_context and one virtual
// clock. drive() runs a coroutine to its end, moving the virtual time to the
// next timer whenever nothing else is left to do: an hour of backoff or flood
// waits passes in milliseconds, and a seeded scenario replays the same on a
// slow or a busy machine.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "layer/client/client.hpp"
#include "layer/client/memory_session_store.hpp"
#include "layer/fakedc/cluster.hpp"

namespace layer::client::test {

// The fake DC's VirtualClock behind the client's Clock interface. set_wall
// sets the client machine's wall clock, as its owner or NTP would: the DC's
// clock, the monotonic clock and the timers stay where they are.
class VirtualTime final : public Clock {
 public:
  explicit VirtualTime(std::shared_ptr<fakedc::VirtualClock> clock) : clock_(std::move(clock)) {}
  mtproto::Now now() const override { return {clock_->now() + wall_set_by_, clock_->instant()}; }
  std::shared_ptr<void> at(mtproto::Instant when, boost::asio::any_io_executor executor,
                           std::function<void()> fn) override {
    return clock_->at(when, std::move(executor), std::move(fn));
  }
  void set_wall(std::chrono::milliseconds by) { wall_set_by_ += by; }

 private:
  std::shared_ptr<fakedc::VirtualClock> clock_;
  std::chrono::milliseconds wall_set_by_{0};
};

class FakeDcTest : public ::testing::Test {
 protected:
  explicit FakeDcTest(std::uint64_t seed = 1)
      : virtual_clock_(std::make_shared<fakedc::VirtualClock>(std::chrono::system_clock::now())),
        client_time_(std::make_shared<VirtualTime>(virtual_clock_)),
        cluster_(io_.get_executor(), cluster_options(seed)) {}

  fakedc::ClusterOptions cluster_options(std::uint64_t seed) {
    return {.seed = seed, .virtual_clock = virtual_clock_, .log = [this](std::string_view line) {
              server_log_.emplace_back(line);
            }};
  }

  void SetUp() override { cluster_.start(); }

  void TearDown() override {
    if (HasFailure()) {
      std::cerr << "fake DC seed " << cluster_.faults().seed() << "; last server lines:\n";
      const auto from = server_log_.size() > 40 ? server_log_.size() - 40 : 0;
      for (auto i = from; i < server_log_.size(); ++i) std::cerr << "  " << server_log_[i] << '\n';
      std::cerr << "last client lines:\n";
      const auto client_from = client_log_.size() > 20 ? client_log_.size() - 20 : 0;
      for (auto i = client_from; i < client_log_.size(); ++i) std::cerr << "  " << client_log_[i] << '\n';
    }
    cluster_.stop();
    io_.restart();
    io_.poll();
  }

  // A config for this cluster: its addresses and key, virtual time, the store.
  Config config(std::shared_ptr<SessionStore> store = std::make_shared<MemorySessionStore>()) {
    return config_for(cluster_, std::move(store));
  }

  Config config_for(fakedc::Cluster& cluster, std::shared_ptr<SessionStore> store) {
    Config c;
    c.api_id = 1;
    c.api_hash = "test";
    c.store = std::move(store);
    c.initial_dc = 2;
    for (auto id : cluster.dc_ids()) {
      const auto endpoint = cluster.endpoint(id);
      c.dcs.push_back({id, endpoint.address().to_string(), endpoint.port()});
    }
    c.server_keys = {cluster.public_key()};
    c.clock = client_time_;
    c.on_connection_state = [this](const ConnectionEvent& e) { states_.push_back(e); };
    c.log = [this](std::string_view line) { client_log_.emplace_back(line); };
    return c;
  }

  template <class T>
  T drive(boost::asio::awaitable<T> task) {
    std::optional<T> out;
    std::exception_ptr error;
    bool done = false;
    boost::asio::co_spawn(io_, std::move(task), [&](std::exception_ptr e, T value) {
      error = e;
      if (!e) out.emplace(std::move(value));
      done = true;
    });
    run_until([&] { return done; });
    if (error) std::rethrow_exception(error);
    return std::move(*out);
  }

  void drive(boost::asio::awaitable<void> task) {
    std::exception_ptr error;
    bool done = false;
    boost::asio::co_spawn(io_, std::move(task), [&](std::exception_ptr e) {
      error = e;
      done = true;
    });
    run_until([&] { return done; });
    if (error) std::rethrow_exception(error);
  }

  // Runs handlers; when none ran for a while, jumps to the next timer.
  template <class Done>
  void run_until(Done done) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!done()) {
      ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "the scenario did not finish";
      if (io_.stopped()) io_.restart();
      if (io_.run_one_for(std::chrono::milliseconds(1)) > 0) continue;
      if (auto due = virtual_clock_->next_due()) {
        const auto by = std::chrono::ceil<std::chrono::milliseconds>(*due - virtual_clock_->instant());
        virtual_clock_->advance(std::max(by, std::chrono::milliseconds(1)));
      }
    }
  }

  fakedc::World& world() { return cluster_.world(); }
  std::vector<ConnectionState> states_seen() const {
    std::vector<ConnectionState> out;
    for (const auto& e : states_) out.push_back(e.state);
    return out;
  }

  boost::asio::io_context io_;
  std::shared_ptr<fakedc::VirtualClock> virtual_clock_;
  std::shared_ptr<VirtualTime> client_time_;  // every client's
  std::vector<std::string> server_log_;
  std::vector<std::string> client_log_;
  std::vector<ConnectionEvent> states_;
  fakedc::Cluster cluster_;
};

}  // namespace layer::client::test
