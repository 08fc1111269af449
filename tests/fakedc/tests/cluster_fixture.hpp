// A fake DC cluster running on its own thread for the duration of a test, with
// its log lines captured.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "layer/fakedc/cluster.hpp"

namespace layer::fakedc::test {

class ClusterTest : public ::testing::Test {
 protected:
  ClusterTest()
      : work_(io_.get_executor()),
        cluster_(io_.get_executor(), ClusterOptions{.log = [this](std::string_view line) {
                   std::lock_guard lock(mutex_);
                   lines_.emplace_back(line);
                 }}) {}

  // Handlers are added here, before the cluster serves.
  virtual void configure() {}

  void SetUp() override {
    configure();
    cluster_.start();
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    boost::asio::post(io_, [this] {
      cluster_.stop();
      work_.reset();
    });
    thread_.join();
  }

  // True once a log line contains text.
  bool logged(const std::string& text) const {
    std::lock_guard lock(mutex_);
    for (const auto& line : lines_) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  Cluster cluster_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace layer::fakedc::test
