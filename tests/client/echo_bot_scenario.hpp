// What the bot tests share: an echo bot on the update stream that records
// what it saw, and a fixture that names messages, counts the echoes a chat
// holds and waits on virtual time.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fake_dc_fixture.hpp"
#include "layer/client/updates.hpp"
#include "sign_in_user.hpp"
#include "signal.hpp"

namespace layer::client::test {

inline constexpr const char* kPhone = "+999660000010";

struct EchoBot {
  std::vector<std::string> received;  // texts of incoming messages, in order
  std::vector<UpdatesLost> lost;
  std::string failure;  // what ended the loop, if not the client's close
  bool stopped = false;
};

// Owns what it uses: the loop may still be finishing when the test's own
// coroutine has returned.
inline boost::asio::awaitable<void> echo(std::shared_ptr<Client> bot, std::shared_ptr<EchoBot> state) {
  try {
    auto updates = bot->updates();
    while (auto update = co_await updates.next()) {
      if (auto* msg = std::get_if<NewMessage>(&*update); msg && !msg->outgoing()) {
        state->received.push_back(msg->text());
        co_await bot->send_message(msg->chat(), "Echo: " + msg->text());
      } else if (auto* lost = std::get_if<UpdatesLost>(&*update)) {
        state->lost.push_back(*lost);
      }
    }
  } catch (const Exception& e) {
    // Closed while answering: that update was not handled and comes again.
    if (e.error().code != make_error_code(client_errc::client_closed)) state->failure = e.what();
  } catch (const std::exception& e) {
    state->failure = e.what();
  }
  state->stopped = true;
}

class EchoBotScenario : public FakeDcTest {
 protected:
  using FakeDcTest::FakeDcTest;

  static std::string text(int i) {
    std::string out = "m";  // appended, not concatenated: GCC 12 warns falsely on "m" + to_string
    out += std::to_string(i);
    return out;
  }

  // A bot signed in with token and echoing into state, and a user signed in
  // with kPhone: what every scenario starts from.
  boost::asio::awaitable<std::shared_ptr<Client>> start_echo_bot(const Config& bot_config, std::string token,
                                                                 std::shared_ptr<EchoBot> state) {
    auto bot = std::make_shared<Client>(co_await Client::connect(io_.get_executor(), bot_config));
    co_await bot->bot_sign_in(token);
    boost::asio::co_spawn(io_, echo(bot, std::move(state)), boost::asio::detached);
    co_return bot;
  }
  boost::asio::awaitable<Client> start_user() {
    auto user = co_await Client::connect(io_.get_executor(), config());
    co_await sign_in_user(user, kPhone);
    co_return user;
  }

  // A fault script with each BOT replaced by the bot's account id.
  static std::string for_bot(std::string script, std::int64_t bot) {
    for (auto at = script.find("BOT"); at != std::string::npos; at = script.find("BOT", at))
      script.replace(at, 3, std::to_string(bot));
    return script;
  }

  // The echoes the user's chat with the bot holds, by text.
  std::map<std::string, int> echoes_in_chat(std::int64_t user, std::int64_t bot) {
    std::map<std::string, int> out;
    for (const auto& [id, m] : world().mailbox(user).messages) {
      const auto* from = m.from_id ? m.from_id->as<tl::types::PeerUser>() : nullptr;
      if (!m.out && from && from->user_id == bot) ++out[m.message];
    }
    return out;
  }

  boost::asio::awaitable<void> wait_for(Clock& clock, const std::function<bool()>& done,
                                        std::chrono::milliseconds limit = std::chrono::minutes(10)) {
    const auto until = clock.now().mono + limit;
    while (!done() && clock.now().mono < until)
      co_await detail::sleep_until(clock, clock.now().mono + std::chrono::milliseconds(50));
  }
};

}  // namespace layer::client::test
