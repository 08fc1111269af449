// A bot and two users (Ann, who talks to it, and Ben) on the fake DC, for
// tests of the bot API calls: the bot and Ann connected and signed in, each
// naming the other, and what the fake DC stores and was sent to check.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "fake_dc_fixture.hpp"
#include "sign_in_user.hpp"

namespace layer::client::test {

class BotApiTest : public FakeDcTest {
 protected:
  static constexpr const char* kAnnPhone = "+999660000020";

  void SetUp() override {
    auto& bot = world().add_bot("Api", "api_bot");
    bot_id_ = bot.id;
    bot_token_ = bot.bot_token;
    ann_id_ = world().add_user(kAnnPhone, "Ann", "", "ann").id;
    ben_id_ = world().add_user("+999660000021", "Ben", "", "ben").id;
    FakeDcTest::SetUp();
  }

  // The clients go before the cluster does, so that nothing of theirs is left queued.
  void TearDown() override {
    close();
    bot_.reset();
    ann_.reset();
    FakeDcTest::TearDown();
  }

  // Connects and signs in the bot and Ann; each resolves the other by username.
  boost::asio::awaitable<void> start() {
    bot_.emplace(co_await Client::connect(io_.get_executor(), config()));
    co_await bot_->bot_sign_in(bot_token_);
    ann_.emplace(co_await Client::connect(io_.get_executor(), config()));
    co_await sign_in_user(*ann_, kAnnPhone);
    ann_for_bot_ = co_await bot_->resolve("@ann");
    bot_for_ann_ = co_await ann_->resolve("@api_bot");
  }

  void close() {
    if (bot_) bot_->close();
    if (ann_) ann_->close();
  }

  // Every call of Fn that reaches any DC, as the client sent it; the calls
  // are then served as before.
  template <class Fn>
  std::shared_ptr<std::vector<Fn>> spy() {
    auto seen = std::make_shared<std::vector<Fn>>();
    for (const auto dc : cluster_.dc_ids()) {
      cluster_.dispatcher(dc).on_id(Fn::ID, [this, seen](const fakedc::Call& call) {
        seen->push_back(tl::deserialize<Fn>(call.query));
        return cluster_.dispatcher().dispatch(call);
      });
    }
    return seen;
  }

  // The next event of type T that match accepts.
  template <class T, class Match>
  static boost::asio::awaitable<T> next_of(UpdateStream& updates, Match match) {
    while (auto update = co_await updates.next()) {
      if (auto* event = std::get_if<T>(&*update); event && match(*event)) co_return *event;
    }
    throw std::runtime_error("the update stream ended");
  }

  // The Error a call failed with; none when it succeeded.
  template <class T>
  static boost::asio::awaitable<std::optional<Error>> failure_of(boost::asio::awaitable<T> call) {
    try {
      co_await std::move(call);
    } catch (const Exception& e) {
      co_return e.error();
    }
    co_return std::nullopt;
  }

  // The RPC error's name a call failed with, or what else happened.
  template <class T>
  static boost::asio::awaitable<std::string> rpc_error_of(boost::asio::awaitable<T> call) {
    const auto error = co_await failure_of(std::move(call));
    if (!error) co_return "succeeded";
    if (error->code != make_error_code(client_errc::rpc_error) || !error->rpc) co_return error->message();
    co_return error->rpc->name;
  }

  // An account's message, as the fake DC stores it.
  const tl::types::Message& stored(std::int64_t account, std::int32_t id) {
    return world().mailbox(account).messages.at(id);
  }
  // The other side's copy of a private message account has as id.
  const tl::types::Message& copy_of(std::int64_t account, std::int32_t id) {
    const auto [owner, theirs] = world().mailbox(account).copies.at(id);
    return stored(owner, theirs);
  }
  std::int32_t copy_id(std::int64_t account, std::int32_t id) {
    return world().mailbox(account).copies.at(id).second;
  }

  std::int64_t bot_id_ = 0;
  std::string bot_token_;
  std::int64_t ann_id_ = 0;
  std::int64_t ben_id_ = 0;
  std::optional<Client> bot_;
  std::optional<Client> ann_;
  Peer ann_for_bot_;
  Peer bot_for_ann_;
};

}  // namespace layer::client::test
