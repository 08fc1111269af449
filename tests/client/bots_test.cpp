// A bot on the update stream against the in-process fake DC: a user writes N
// messages, the bot echoes each, and under every fault the bot has seen each
// message exactly once and in order, and the user's chat holds each echo once.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>

#include "echo_bot_scenario.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

struct Fault {
  const char* name;
  const char* script;  // BOT is replaced by the bot's account id
  bool restart_bot;    // the bot's process stops half way and starts again from its store
};

class Bots : public EchoBotScenario, public ::testing::WithParamInterface<Fault> {};

TEST_P(Bots, EveryMessageIsEchoedOnceInOrder) {
  constexpr int kMessages = 30;
  auto& bot_account = world().add_bot("Echo", "echo_bot");
  const auto bot_id = bot_account.id;
  const auto token = bot_account.bot_token;
  const auto user_id = world().add_user(kPhone, "Ann", "", "ann").id;
  const std::string script = for_bot(GetParam().script, bot_id);
  auto bot_store = std::make_shared<MemorySessionStore>();
  auto shared_state = std::make_shared<EchoBot>();
  auto& state = *shared_state;
  drive([&]() -> asio::awaitable<void> {
    auto bot_config = config(bot_store);
    auto& clock = *bot_config.clock;
    auto bot = co_await start_echo_bot(bot_config, token, shared_state);
    auto user = co_await start_user();
    const auto to_bot = co_await user.resolve("@echo_bot");
    if (!script.empty()) cluster_.apply_fault(script);
    for (int i = 0; i < kMessages; ++i) {
      co_await user.send_message(to_bot, text(i));
      if (GetParam().restart_bot && i == kMessages / 2) {
        co_await wait_for(clock, [&] { return state.received.size() >= 5; });
        bot->close();
        co_await wait_for(clock, [&] { return state.stopped; });
        state.stopped = false;
        bot = std::make_shared<Client>(co_await Client::connect(io_.get_executor(), bot_config));
        asio::co_spawn(io_, echo(bot, shared_state), asio::detached);
      }
    }
    co_await wait_for(clock, [&] {
      const auto echoes = echoes_in_chat(user_id, bot_id);
      return static_cast<int>(echoes.size()) >= kMessages;
    });
    bot->close();
    user.close();
    co_await wait_for(clock, [&] { return state.stopped; });
  }());
  std::vector<std::string> expected;
  for (int i = 0; i < kMessages; ++i) expected.push_back(text(i));
  if (GetParam().restart_bot) {
    // Across a restart it is at least once: what the stopped bot had taken
    // but not yet stored may come again; nothing is missing or out of order.
    std::vector<std::string> unique;
    for (const auto& t : state.received) {
      if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(t);
    }
    EXPECT_EQ(unique, expected);
    EXPECT_LE(state.received.size(), expected.size() + 1);
  } else {
    EXPECT_EQ(state.received, expected);
  }
  EXPECT_TRUE(state.lost.empty());
  EXPECT_EQ(state.failure, "");
  const auto echoes = echoes_in_chat(user_id, bot_id);
  EXPECT_EQ(echoes.size(), static_cast<std::size_t>(kMessages));
  for (const auto& [echo_text, count] : echoes) {
    EXPECT_TRUE(count == 1 || GetParam().restart_bot) << echo_text << " echoed " << count << " times";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Faults, Bots,
    ::testing::Values(Fault{"none", "", false}, Fault{"withhold", "withhold BOT 5", false},
                      Fault{"too_long", "too_long BOT", false}, Fault{"drop_after", "drop_after 7", false},
                      Fault{"restart", "restart", false}, Fault{"bad_salt", "bad_salt times=3", false},
                      Fault{"flood_wait", "error messages.sendMessage 420 FLOOD_WAIT_3 times=2", false},
                      Fault{"bot_restart", "", true}),
    [](const ::testing::TestParamInfo<Fault>& p) { return std::string(p.param.name); });

// An update counts as handled when the consumer asks for the next one: a bot
// stopped while handling gets it again from the store, one that asked again
// does not.
TEST_F(Bots, AnUpdateIsStoredAsHandledWhenTheNextIsAskedFor) {
  auto& bot_account = world().add_bot("Echo", "echo_bot");
  const auto token = bot_account.bot_token;
  world().add_user(kPhone, "Ann", "", "ann");
  auto bot_store = std::make_shared<MemorySessionStore>();
  std::vector<std::string> seen;
  drive([&]() -> asio::awaitable<void> {
    auto bot_config = config(bot_store);
    auto& clock = *bot_config.clock;
    auto user = co_await Client::connect(io_.get_executor(), config());
    co_await sign_in_user(user, kPhone);
    const auto take_text = [&](UpdateStream& updates) -> asio::awaitable<void> {
      for (;;) {
        auto update = co_await updates.next();
        if (!update) co_return;
        if (auto* msg = std::get_if<NewMessage>(&*update); msg && !msg->outgoing()) {
          seen.push_back(msg->text());
          co_return;
        }
      }
    };
    {
      auto bot = co_await Client::connect(io_.get_executor(), bot_config);
      co_await bot.bot_sign_in(token);
      auto updates = bot.updates();
      co_await user.send_message(co_await user.resolve("@echo_bot"), "first");
      co_await take_text(updates);
      bot.close();  // "first" is in hand, not handled
    }
    {
      auto bot = co_await Client::connect(io_.get_executor(), bot_config);
      auto updates = bot.updates();
      co_await take_text(updates);
      // Asking again marks "first" handled; nothing else is waiting.
      auto waiting = asio::co_spawn(io_, updates.next(), asio::use_awaitable);
      co_await detail::sleep_until(clock, clock.now().mono + 1s);
      bot.close();
      co_await std::move(waiting);
    }
    {
      auto bot = co_await Client::connect(io_.get_executor(), bot_config);
      auto updates = bot.updates();
      co_await user.send_message(co_await user.resolve("@echo_bot"), "second");
      co_await take_text(updates);
      bot.close();
    }
    user.close();
  }());
  EXPECT_EQ(seen, (std::vector<std::string>{"first", "first", "second"}));
}

// The peers a bot met are in its session store: restarted, it names the user
// and resolves the username without asking the server (which would refuse).
TEST_F(Bots, ARestartedBotStillKnowsThePeersItMet) {
  auto& bot_account = world().add_bot("Echo", "echo_bot");
  const auto token = bot_account.bot_token;
  const auto user_id = world().add_user(kPhone, "Ann", "", "ann").id;
  auto bot_store = std::make_shared<MemorySessionStore>();
  drive([&]() -> asio::awaitable<void> {
    auto bot_config = config(bot_store);
    {
      auto bot = co_await Client::connect(io_.get_executor(), bot_config);
      co_await bot.bot_sign_in(token);
      EXPECT_EQ(co_await bot.resolve("@ann"), Peer::user(user_id));
      bot.close();
    }
    cluster_.apply_fault("error contacts.resolveUsername 400 USERNAME_NOT_OCCUPIED times=5");
    auto bot = co_await Client::connect(io_.get_executor(), bot_config);
    EXPECT_EQ(co_await bot.resolve("@Ann"), Peer::user(user_id));
    const auto input = co_await bot.input_peer(Peer::user(user_id));
    EXPECT_TRUE(input.is<tl::types::InputPeerUser>());
    co_await bot.send_message(Peer::user(user_id), "still here");
    bot.close();
  }());
  EXPECT_EQ(world().mailbox(user_id).messages.rbegin()->second.message, "still here");
}

// A supergroup the bot is in: posts come in the channel's own pts box, and
// a withheld push is fetched with getChannelDifference.
class ChannelBots : public Bots {};

TEST_P(ChannelBots, EveryPostIsEchoedOnceInOrder) {
  constexpr int kPosts = 20;
  auto& bot_account = world().add_bot("Echo", "echo_bot");
  const auto bot_id = bot_account.id;
  const auto token = bot_account.bot_token;
  const auto user_id = world().add_user(kPhone, "Ann", "", "ann").id;
  auto& group = world().add_channel("Echoes", user_id, true, "echo_group");
  group.members.push_back(bot_id);
  const auto group_id = group.id;
  const std::string script = for_bot(GetParam().script, bot_id);
  auto shared_state = std::make_shared<EchoBot>();
  auto& state = *shared_state;
  drive([&]() -> asio::awaitable<void> {
    auto bot_config = config();
    auto& clock = *bot_config.clock;
    auto bot = co_await start_echo_bot(bot_config, token, shared_state);
    auto user = co_await start_user();
    const auto to_group = co_await user.resolve("@echo_group");
    // The bot learns where the channel's box stands from its first post: a
    // push withheld before the bot ever saw the channel would be
    // indistinguishable from the bot starting to follow it later.
    co_await user.send_message(to_group, text(0));
    co_await wait_for(clock, [&] { return !state.received.empty(); });
    if (!script.empty()) cluster_.apply_fault(script);
    for (int i = 1; i < kPosts; ++i) co_await user.send_message(to_group, text(i));
    co_await wait_for(clock, [&] { return state.received.size() >= static_cast<std::size_t>(kPosts); });
    co_await wait_for(clock, [&] {
      int echoes = 0;
      for (const auto& [id, m] : world().channel(group_id)->box.messages)
        echoes += m.message.starts_with("Echo: ");
      return echoes >= kPosts;
    });
    bot->close();
    user.close();
    co_await wait_for(clock, [&] { return state.stopped; });
  }());
  std::vector<std::string> expected;
  for (int i = 0; i < kPosts; ++i) expected.push_back(text(i));
  EXPECT_EQ(state.received, expected);
  EXPECT_TRUE(state.lost.empty());
  EXPECT_EQ(state.failure, "");
  std::map<std::string, int> echoes;
  for (const auto& [id, m] : world().channel(group_id)->box.messages) {
    if (m.message.starts_with("Echo: ")) ++echoes[m.message];
  }
  EXPECT_EQ(echoes.size(), static_cast<std::size_t>(kPosts));
  for (const auto& [echo_text, count] : echoes) EXPECT_EQ(count, 1) << echo_text;
}

INSTANTIATE_TEST_SUITE_P(Faults, ChannelBots,
                         ::testing::Values(Fault{"none", "", false},
                                           Fault{"withhold", "withhold BOT 4", false},
                                           Fault{"restart", "restart", false},
                                           Fault{"drop_after", "drop_after 5", false}),
                         [](const ::testing::TestParamInfo<Fault>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace layer::client::test
