// Inline button presses: messages.getBotCallbackAnswer waits for the bot's
// messages.setBotCallbackAnswer, as on Telegram, and times out with
// BOT_RESPONSE_TIMEOUT when the bot stays silent (bot_queries.hpp).
#include <memory>

#include "bot_queries.hpp"
#include "delivery.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/messages.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

// The bot's own id of the message the user pressed a button under.
std::int32_t bot_side_id(World& world, std::int64_t user, std::int32_t msg_id, std::int64_t bot) {
  const auto& box = world.mailbox(user);
  if (!box.messages.contains(msg_id)) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  const auto copy = box.copies.find(msg_id);
  if (copy == box.copies.end() || copy->second.first != bot) throw RpcFailure(400, "MESSAGE_ID_INVALID");
  return copy->second.second;
}

void ask(Shared& shared, BotQueries& queries, const Call& call, const fn::messages::GetBotCallbackAnswer& r) {
  World& world = shared.world;
  const std::int64_t self = call.account();
  const std::int64_t bot = resolve_peer(world, self, r.peer);
  if (!world.account(bot)->bot) throw RpcFailure(400, "BOT_INVALID");
  types::UpdateBotCallbackQuery update;
  update.msg_id = bot_side_id(world, self, r.msg_id, bot);
  update.query_id = queries.wait(call, bot);
  update.user_id = self;
  update.peer = peer_of(self);
  update.chat_instance = self ^ bot;
  update.data = r.data;
  push(shared, bot, updates_of(world, bot, {std::move(update)}, {self}));
}

}  // namespace

void add_bot_callbacks(Dispatcher& d, Shared& shared) {
  auto queries = std::make_shared<BotQueries>(shared);
  d.on<fn::messages::GetBotCallbackAnswer>(
      [&shared, queries](
          const Call& call,
          const fn::messages::GetBotCallbackAnswer& r) -> tl::enums::messages::BotCallbackAnswer {
        ask(shared, *queries, call, r);
        throw Deferred();
      });
  d.on<fn::messages::SetBotCallbackAnswer>(
      [queries](const Call& call, const fn::messages::SetBotCallbackAnswer& r) {
        queries->answer(r.query_id, call.account(), [&](std::int64_t) {
          types::messages::BotCallbackAnswer answer;
          answer.alert = r.alert;
          answer.message = r.message;
          answer.url = r.url;
          answer.has_url = r.url.has_value();
          answer.cache_time = r.cache_time;
          return tl::serialize(tl::enums::messages::BotCallbackAnswer(answer));
        });
        return true;
      });
}

}  // namespace layer::fakedc::services
