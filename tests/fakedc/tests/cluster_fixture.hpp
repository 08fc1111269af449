// A fake DC cluster running on its own thread for the duration of a test, with
// its log lines captured; and Running, one for a scope within a test, for
// tests that stop a cluster and start another on its state file.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "layer/fakedc/cluster.hpp"

namespace layer::fakedc::test {

// Options for a cluster whose time moves only by VirtualClock::advance. It
// starts at the machine's time: the clients' message ids come from their own
// clock, and the server accepts them within 300 s of its time.
inline ClusterOptions on_virtual_time() {
  return {.virtual_clock = std::make_shared<VirtualClock>(std::chrono::system_clock::now())};
}

class ClusterTest : public ::testing::Test {
 protected:
  explicit ClusterTest(ClusterOptions options = {})
      : work_(io_.get_executor()), cluster_(io_.get_executor(), with_log(std::move(options))) {}

  ClusterOptions with_log(ClusterOptions options) {
    options.log = [this](std::string_view line) {
      std::lock_guard lock(mutex_);
      lines_.emplace_back(line);
    };
    virtual_clock_ = options.virtual_clock;
    return options;
  }

  // Handlers are added here, before the cluster serves.
  virtual void configure() {}

  void SetUp() override {
    configure();
    cluster_.start();
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    // The seed of the fault draws, so a failing scenario can be replayed.
    if (HasFailure()) std::cerr << "fake DC seed " << cluster_.faults().seed() << '\n';
    boost::asio::post(io_, [this] {
      cluster_.stop();
      work_.reset();
    });
    thread_.join();
  }

  // The time for test clients: the cluster's virtual clock when it has one.
  std::function<mtproto::Time()> client_clock() const {
    if (!virtual_clock_) return {};
    return [clock = virtual_clock_] { return clock->now(); };
  }

  // True once a log line contains text.
  bool logged(const std::string& text) const {
    std::lock_guard lock(mutex_);
    for (const auto& line : lines_) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

  // Waits up to five seconds for a log line containing text: for what the
  // cluster does on its own thread, such as noticing a closed connection.
  bool wait_logged(const std::string& text) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!logged(text)) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  // Before the cluster, which logs from its constructor on.
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
  std::shared_ptr<VirtualClock> virtual_clock_;  // set by on_virtual_time()
  Cluster cluster_;
  std::thread thread_;
};

// Serves one cluster on its own thread until the scope ends.
class Running {
 public:
  explicit Running(ClusterOptions options)
      : work_(io_.get_executor()), cluster_(io_.get_executor(), options) {
    cluster_.start();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Running() {
    boost::asio::post(io_, [this] {
      cluster_.stop();
      work_.reset();
    });
    thread_.join();
  }
  Cluster& cluster() { return cluster_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  Cluster cluster_;
  std::thread thread_;
};

}  // namespace layer::fakedc::test
