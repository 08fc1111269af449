// Inline queries: a user's messages.getInlineBotResults is pushed to the bot
// as updateBotInlineQuery (with the kind of chat it was typed in) and waits
// for the bot's messages.setInlineBotResults, which the user gets as
// messages.botResults, or for BOT_RESPONSE_TIMEOUT (bot_queries.hpp). Results
// are of the generic kind (inputBotInlineResult) with a text, auto, contact,
// geo or venue message; photo, document and game results, which name files
// and games Telegram keeps, are refused with RESULT_TYPE_INVALID.
#include <memory>
#include <set>

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

constexpr std::size_t kMaxResults = 50;

tl::enums::GeoPoint geo_point(const tl::enums::InputGeoPoint& input) {
  const auto* point = input.as<types::InputGeoPoint>();
  if (point == nullptr) return types::GeoPointEmpty{};
  return types::GeoPoint{.long_ = point->long_, .lat = point->lat, .accuracy_radius = point->accuracy_radius};
}

// Where the query was typed, as the bot is told.
tl::enums::InlineQueryPeerType peer_type(World& world, std::int64_t self, std::int64_t bot,
                                         const tl::enums::InputPeer& peer) {
  const ChatTarget chat = resolve_chat(world, self, peer);
  if (const Channel* channel = chat.channel()) {
    if (channel->megagroup) return types::InlineQueryPeerTypeMegagroup{};
    return types::InlineQueryPeerTypeBroadcast{};
  }
  if (chat.group() != nullptr) return types::InlineQueryPeerTypeChat{};
  const std::int64_t other = chat.user();
  if (other == bot) return types::InlineQueryPeerTypeSameBotPM{};
  if (world.account(other)->bot) return types::InlineQueryPeerTypeBotPM{};
  return types::InlineQueryPeerTypePM{};
}

void ask(Shared& shared, BotQueries& queries, const Call& call, const fn::messages::GetInlineBotResults& r) {
  World& world = shared.world;
  const std::int64_t self = call.account();
  const std::int64_t bot = resolve_user(world, self, r.bot);
  if (!world.account(bot)->bot) throw RpcFailure(400, "BOT_INVALID");
  types::UpdateBotInlineQuery update;
  update.peer_type = peer_type(world, self, bot, r.peer);
  update.query_id = queries.wait(call, bot);
  update.user_id = self;
  update.query = r.query;
  if (r.geo_point) update.geo = geo_point(*r.geo_point);
  update.offset = r.offset;
  push(shared, bot, updates_of(world, bot, {std::move(update)}, {self}));
}

tl::enums::WebDocument web_document(const tl::enums::InputWebDocument& input) {
  const auto& d = *input.as<types::InputWebDocument>();
  return types::WebDocumentNoProxy{
      .url = d.url, .size = d.size, .mime_type = d.mime_type, .attributes = d.attributes};
}

// The message a result sends, as the user is shown it.
tl::enums::BotInlineMessage shown(const tl::enums::InputBotInlineMessage& input) {
  if (const auto* m = input.as<types::InputBotInlineMessageText>()) {
    return types::BotInlineMessageText{.no_webpage = m->no_webpage,
                                       .invert_media = m->invert_media,
                                       .message = m->message,
                                       .entities = m->entities,
                                       .reply_markup = m->reply_markup};
  }
  if (const auto* m = input.as<types::InputBotInlineMessageMediaAuto>()) {
    return types::BotInlineMessageMediaAuto{.invert_media = m->invert_media,
                                            .message = m->message,
                                            .entities = m->entities,
                                            .reply_markup = m->reply_markup};
  }
  if (const auto* m = input.as<types::InputBotInlineMessageMediaContact>()) {
    return types::BotInlineMessageMediaContact{.phone_number = m->phone_number,
                                               .first_name = m->first_name,
                                               .last_name = m->last_name,
                                               .vcard = m->vcard,
                                               .reply_markup = m->reply_markup};
  }
  if (const auto* m = input.as<types::InputBotInlineMessageMediaGeo>()) {
    return types::BotInlineMessageMediaGeo{.geo = geo_point(m->geo_point),
                                           .heading = m->heading,
                                           .period = m->period,
                                           .proximity_notification_radius = m->proximity_notification_radius,
                                           .reply_markup = m->reply_markup};
  }
  if (const auto* m = input.as<types::InputBotInlineMessageMediaVenue>()) {
    return types::BotInlineMessageMediaVenue{.geo = geo_point(m->geo_point),
                                             .title = m->title,
                                             .address = m->address,
                                             .provider = m->provider,
                                             .venue_id = m->venue_id,
                                             .venue_type = m->venue_type,
                                             .reply_markup = m->reply_markup};
  }
  throw RpcFailure(400, "SEND_MESSAGE_TYPE_INVALID");
}

// The bot's results as the user gets them, checked as Telegram checks them.
types::messages::BotResults results_of(World& world, std::int64_t user, std::int64_t bot,
                                       const fn::messages::SetInlineBotResults& r) {
  if (r.results.size() > kMaxResults) throw RpcFailure(400, "RESULTS_TOO_MUCH");
  types::messages::BotResults out;
  out.gallery = r.gallery;
  out.query_id = r.query_id;
  out.next_offset = r.next_offset;
  out.switch_pm = r.switch_pm;
  out.switch_webview = r.switch_webview;
  out.cache_time = r.cache_time;
  out.users = users_view(world, user, {bot});
  std::set<std::string> ids;
  for (const auto& input : r.results) {
    const auto* result = input.as<types::InputBotInlineResult>();
    if (result == nullptr) throw RpcFailure(400, "RESULT_TYPE_INVALID");
    if (result->id.empty()) throw RpcFailure(400, "RESULT_ID_EMPTY");
    if (!ids.insert(result->id).second) throw RpcFailure(400, "RESULT_ID_DUPLICATE");
    types::BotInlineResult shown_result;
    shown_result.id = result->id;
    shown_result.type = result->type;
    shown_result.title = result->title;
    shown_result.description = result->description;
    shown_result.url = result->url;
    if (result->thumb) shown_result.thumb = web_document(*result->thumb);
    if (result->content) shown_result.content = web_document(*result->content);
    shown_result.send_message = shown(result->send_message);
    out.results.push_back(std::move(shown_result));
  }
  return out;
}

}  // namespace

void add_inline_queries(Dispatcher& d, Shared& shared) {
  auto queries = std::make_shared<BotQueries>(shared);
  d.on<fn::messages::GetInlineBotResults>(
      [&shared, queries](const Call& call,
                         const fn::messages::GetInlineBotResults& r) -> tl::enums::messages::BotResults {
        ask(shared, *queries, call, r);
        throw Deferred();
      });
  d.on<fn::messages::SetInlineBotResults>(
      [&shared, queries](const Call& call, const fn::messages::SetInlineBotResults& r) {
        const std::int64_t bot = call.account();
        queries->answer(r.query_id, bot, [&](std::int64_t user) {
          return tl::serialize(tl::enums::messages::BotResults(results_of(shared.world, user, bot, r)));
        });
        return true;
      });
}

}  // namespace layer::fakedc::services
