// A user's call that waits for a bot's answer, as on Telegram: a button press
// (messages.getBotCallbackAnswer, answered by setBotCallbackAnswer) or an
// inline query (getInlineBotResults, answered by setInlineBotResults). The
// query gets an id the bot is told of, the user's call is deferred, and the
// bot's answer to that id (from that bot only) settles it, or after
// kBotResponseTimeout BOT_RESPONSE_TIMEOUT does.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "../dc.hpp"

namespace layer::fakedc::services {

class BotQueries {
 public:
  static constexpr auto kBotResponseTimeout = std::chrono::seconds(10);

  explicit BotQueries(Shared& shared) : shared_(shared), pending_(std::make_shared<Pending>()) {}

  // Defers call until bot answers the query id returned, or the timeout.
  // Last in a handler, after every check that could fail the call, and
  // followed by throwing Deferred.
  std::int64_t wait(const Call& call, std::int64_t bot);
  // Settles bot's query with the bytes answer(user who asked) makes: 400
  // QUERY_ID_INVALID when bot has no such query pending. What answer()
  // throws goes to the bot, and the query still waits.
  void answer(std::int64_t query_id, std::int64_t bot,
              const std::function<tl::Bytes(std::int64_t user)>& answer);

 private:
  struct Query {
    std::int64_t user = 0;
    std::int64_t bot = 0;
    Responder responder;
    Alarm timeout;  // erasing the query cancels it
  };
  // Shared with the timeouts, which may outlive the handlers.
  using Pending = std::map<std::int64_t, Query>;

  Shared& shared_;
  std::shared_ptr<Pending> pending_;
};

}  // namespace layer::fakedc::services
