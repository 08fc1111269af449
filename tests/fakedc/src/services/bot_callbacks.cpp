// Inline button presses: messages.getBotCallbackAnswer waits for the bot's
// messages.setBotCallbackAnswer, as on Telegram, and times out with
// BOT_RESPONSE_TIMEOUT when the bot stays silent.
#include <map>
#include <memory>

#include "delivery.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/messages.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

constexpr auto kBotResponseTimeout = std::chrono::seconds(10);

struct PendingQuery {
  std::int64_t bot = 0;
  Responder answer;
  Alarm timeout;  // erasing the query cancels it
};

using Pending = std::map<std::int64_t, PendingQuery>;

// The bot's own id of the message the user pressed a button under.
std::int32_t bot_side_id(World& world, std::int64_t user, std::int32_t msg_id, std::int64_t bot) {
  const auto& box = world.mailbox(user);
  if (!box.messages.contains(msg_id)) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  const auto copy = box.copies.find(msg_id);
  if (copy == box.copies.end() || copy->second.first != bot) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  return copy->second.second;
}

void ask(Shared& shared, const std::shared_ptr<Pending>& pending, const Call& call,
         const fn::messages::GetBotCallbackAnswer& r) {
  World& world = shared.world;
  const std::int64_t self = call.account();
  const std::int64_t bot = resolve_peer(world, self, r.peer);
  if (!world.account(bot)->bot) throw RpcFailure(400, "BOT_INVALID");
  const std::int32_t bot_msg_id = bot_side_id(world, self, r.msg_id, bot);
  const std::int64_t query_id = world.random_id();
  types::UpdateBotCallbackQuery update;
  update.query_id = query_id;
  update.user_id = self;
  update.peer = peer_of(self);
  update.msg_id = bot_msg_id;
  update.chat_instance = self ^ bot;
  update.data = r.data;
  auto timer = shared.timers.after(kBotResponseTimeout, [pending, query_id] {
    const auto it = pending->find(query_id);
    if (it == pending->end()) return;
    it->second.answer.error(400, "BOT_RESPONSE_TIMEOUT");
    pending->erase(it);
  });
  pending->insert_or_assign(query_id, PendingQuery{bot, call.defer(), std::move(timer)});
  push(shared, bot, updates_of(world, bot, {std::move(update)}, {self}));
}

}  // namespace

void add_bot_callbacks(Dispatcher& d, Shared& shared) {
  auto pending = std::make_shared<Pending>();
  d.on<fn::messages::GetBotCallbackAnswer>(
      [&shared, pending](
          const Call& call,
          const fn::messages::GetBotCallbackAnswer& r) -> tl::enums::messages::BotCallbackAnswer {
        ask(shared, pending, call, r);
        throw Deferred();
      });
  d.on<fn::messages::SetBotCallbackAnswer>(
      [pending](const Call& call, const fn::messages::SetBotCallbackAnswer& r) {
        const auto it = pending->find(r.query_id);
        if (it == pending->end() || it->second.bot != call.account())
          throw RpcFailure(400, "QUERY_ID_INVALID");
        types::messages::BotCallbackAnswer answer;
        answer.alert = r.alert;
        answer.message = r.message;
        answer.url = r.url;
        answer.has_url = r.url.has_value();
        answer.cache_time = r.cache_time;
        it->second.answer.result(tl::serialize(tl::enums::messages::BotCallbackAnswer(answer)));
        pending->erase(it);
        return true;
      });
}

}  // namespace layer::fakedc::services
