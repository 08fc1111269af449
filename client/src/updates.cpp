// The update engine's owner: feeds it what the sessions push and what calls
// answer, makes the getState/getDifference/getChannelDifference calls it asks
// for, wakes the stream's consumer, and stores the state it commits. The
// decisions are the engine's (update_engine.hpp); this only moves them.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <charconv>

#include "client_impl.hpp"
#include "layer/tl/functions/contacts.hpp"
#include "layer/tl/functions/updates.hpp"
#include "layer/tl/types/contacts.hpp"
#include "upsert.hpp"

namespace layer::client::detail {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
namespace types = tl::types;

// How many updates one getChannelDifference may return: Telegram allows bots
// far more than users.
constexpr std::int32_t kChannelDifferenceLimit = 100;
constexpr std::int32_t kBotChannelDifferenceLimit = 10000;

std::string_view rpc_name(const Error& error) {
  return error.rpc ? std::string_view(error.rpc->name) : "";
}

// Whether the short forms, which carry no users, name only users we know.
bool names_known(const PeerCache& peers, const tl::enums::Updates& updates) {
  if (const auto* m = updates.as<types::UpdateShortMessage>())
    return peers.input_peer(Peer::user(m->user_id)).has_value();
  if (const auto* m = updates.as<types::UpdateShortChatMessage>())
    return peers.input_peer(Peer::user(m->from_id)).has_value();
  return true;
}

}  // namespace

void ClientImpl::start_updates() {
  if (updates_started_ || !config_.receive_updates) return;
  updates_started_ = true;
  if (data_.self_id) peers_.set_self(*data_.self_id);
  engine_.start(data_.updates, data_.channels, data_.self_id.value_or(0), clock_.now().mono);
  pump();
}

void ClientImpl::take_updates(std::span<const std::byte> body) {
  if (!config_.receive_updates) return;
  auto updates = tl::try_deserialize<tl::enums::Updates>(body);
  if (!updates) return drop_updates("updates that could not be read", body.size());
  take_updates(*updates);
}

void ClientImpl::drop_updates(std::string_view what, std::size_t size) {
  const std::string dropped = std::string(what) + " (" + std::to_string(size) + " bytes): dropped";
  if (!config_.receive_updates) return log(dropped);
  log(dropped + ", the next getDifference brings what they held");
  engine_.resync(clock_.now().mono);
  pump();
}

void ClientImpl::take_updates(const tl::enums::Updates& updates) {
  if (!config_.receive_updates) return;
  if (const auto* u = updates.as<types::Updates>()) learn_peers(u->users, u->chats);
  if (const auto* u = updates.as<types::UpdatesCombined>()) learn_peers(u->users, u->chats);
  if (engine_.started() && !names_known(peers_, updates)) {
    // A short message from someone we have no access hash for could not be
    // answered: left out, it opens a gap, and the difference that fills it
    // brings the message together with its sender.
    engine_.resync(clock_.now().mono);
  } else {
    engine_.feed(updates, clock_.now().mono);
  }
  pump();
}

void ClientImpl::on_session_reset() {
  engine_.resync(clock_.now().mono);
  pump();
}

void ClientImpl::on_home_ready() {
  // Every connection after the first may have missed pushes.
  if (home_was_ready_) {
    engine_.resync(clock_.now().mono);
    pump();
  }
  home_was_ready_ = true;
}

void ClientImpl::pump() {
  if (!updates_started_ || closed_) return;
  const auto now = clock_.now().mono;
  while (auto request = engine_.next_request(now)) {
    asio::co_spawn(strand_, fetch(std::move(*request)), asio::detached);
  }
  if (engine_.buffered() > 0) update_ready_->notify();
  const auto when = engine_.next_deadline();
  if (when != update_alarm_at_) {
    update_alarm_at_ = when;
    update_alarm_.reset();
    if (when) {
      const std::weak_ptr<ClientImpl> weak = shared_from_this();
      update_alarm_ = clock_.at(*when, strand_, [weak] {
        if (auto self = weak.lock()) {
          self->update_alarm_at_.reset();
          self->pump();
        }
      });
    }
  }
}

void ClientImpl::store_handled() {
  auto commit = engine_.take_commit();
  if (!commit) return;
  if (!unstored_commit_) {
    unstored_commit_ = std::move(*commit);
  } else {
    unstored_commit_->state = commit->state;
    upsert_channels(unstored_commit_->channels, commit->channels);
  }
  if (!storing_updates_) asio::co_spawn(strand_, store_commits(), asio::detached);
}

asio::awaitable<void> ClientImpl::store_commits() {
  auto self = shared_from_this();
  storing_updates_ = true;
  // One write at a time; commits made meanwhile are folded into the next.
  while (auto commit = std::exchange(unstored_commit_, std::nullopt)) {
    data_.updates = commit->state;
    upsert_channels(data_.channels, commit->channels);
    try {
      co_await store_->save_updates(commit->state, commit->channels);
    } catch (const std::exception& e) {
      log(std::string("the update state could not be stored: ") + e.what());
    }
  }
  storing_updates_ = false;
}

void ClientImpl::learn_peers(const std::vector<tl::enums::User>& users,
                             const std::vector<tl::enums::Chat>& chats) {
  peers_.add(users, chats);
  // Most updates name only peers already known: no write, no coroutine.
  if (!storing_peers_ && peers_.has_changes()) asio::co_spawn(strand_, store_peers(), asio::detached);
}

asio::awaitable<void> ClientImpl::store_peers() {
  auto self = shared_from_this();
  storing_peers_ = true;
  // One write at a time; peers learnt meanwhile go in the next.
  for (auto changed = peers_.changed(); !changed.empty(); changed = peers_.changed()) {
    try {
      co_await store_->save_peers(changed);
    } catch (const std::exception& e) {
      log(std::string("the peers could not be stored: ") + e.what());
    }
  }
  storing_peers_ = false;
}

asio::awaitable<void> ClientImpl::fetch(UpdateRequest request) {
  auto self = shared_from_this();
  const auto fail = [&](const Error& error) {
    log("updates: " + error.message());
    engine_.on_failure(request, rpc_name(error), clock_.now().mono);
  };
  if (std::holds_alternative<GetStateRequest>(request)) {
    const auto state = co_await call(fn::updates::GetState{}, true);
    if (!state) {
      fail(state.error());
    } else if (const auto* s = state->as<types::updates::State>()) {
      engine_.on_state(*s, clock_.now().mono);
    }
  } else if (const auto* d = std::get_if<GetDifferenceRequest>(&request)) {
    fn::updates::GetDifference get;
    get.pts = d->pts;
    get.qts = d->qts;
    get.date = d->date;
    const auto difference = co_await call(get, true);
    if (!difference) {
      fail(difference.error());
    } else {
      if (const auto* x = difference->as<types::updates::Difference>()) learn_peers(x->users, x->chats);
      if (const auto* x = difference->as<types::updates::DifferenceSlice>()) learn_peers(x->users, x->chats);
      engine_.on_difference(*difference, clock_.now().mono);
    }
  } else {
    const auto& c = std::get<GetChannelDifferenceRequest>(request);
    auto channel = peers_.input_channel(c.channel_id);
    if (!channel) {
      log("updates: no access hash for channel " + std::to_string(c.channel_id) +
          ", its gap cannot be fetched");
      engine_.drop_channel(c.channel_id, clock_.now().mono);
    } else {
      fn::updates::GetChannelDifference get;
      get.channel = std::move(*channel);
      get.filter = types::ChannelMessagesFilterEmpty{};
      get.pts = c.pts;
      get.limit = data_.self_is_bot ? kBotChannelDifferenceLimit : kChannelDifferenceLimit;
      const auto difference = co_await call(get, true);
      if (!difference) {
        fail(difference.error());
      } else {
        if (const auto* x = difference->as<types::updates::ChannelDifference>())
          learn_peers(x->users, x->chats);
        if (const auto* x = difference->as<types::updates::ChannelDifferenceTooLong>())
          learn_peers(x->users, x->chats);
        engine_.on_channel_difference(c.channel_id, *difference, clock_.now().mono);
      }
    }
  }
  pump();
}

asio::awaitable<std::optional<Update>> ClientImpl::next_update() {
  auto self = shared_from_this();
  // Asking for the next update says the consumer is done with the one before:
  // only now may the stored state pass it.
  store_handled();
  for (;;) {
    if (closed_) co_return std::nullopt;
    if (auto event = engine_.pop()) {
      pump();
      if (auto* lost = std::get_if<UpdatesLost>(&*event)) co_return Update(*lost);
      auto& delivery = std::get<Delivery>(*event);
      if (const auto* m = message_in(delivery.update)) peers_.seen_in(*m);
      co_return make_update(std::move(delivery.update), std::move(delivery.entities));
    }
    // Nothing in the consumer's hands: positions that came without events
    // (a state, an empty difference) are stored as they are.
    store_handled();
    if (!co_await update_ready_->wait()) throw Exception(Error{client_errc::request_cancelled, {}});
  }
}

Result<tl::enums::InputPeer> ClientImpl::input_peer(const Peer& peer) const {
  auto input = peers_.input_peer(peer);
  if (!input) return Error{client_errc::unknown_peer, {}};
  return std::move(*input);
}

asio::awaitable<Peer> ClientImpl::resolve(std::string name) {
  if (name == "me" || name == "self") {
    if (!data_.self_id) throw Exception(Error{client_errc::unknown_peer, {}});
    co_return Peer::user(*data_.self_id);
  }
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), id);
  if (error == std::errc() && end == name.data() + name.size()) {
    // Bot API style ids: -100… for channels, negative for basic groups.
    const Peer peer = id <= -1000000000000 ? Peer::channel(-1000000000000 - id)
                      : id < 0             ? Peer::chat(-id)
                                           : Peer::user(id);
    if (!peers_.input_peer(peer)) throw Exception(Error{client_errc::unknown_peer, {}});
    co_return peer;
  }
  if (auto known = peers_.by_username(name)) co_return *known;
  fn::contacts::ResolveUsername request;
  request.username = name.starts_with('@') ? name.substr(1) : name;
  auto resolved = co_await call(request, true);
  if (!resolved) {
    if (resolved.error().is_rpc("USERNAME_NOT_OCCUPIED") || resolved.error().is_rpc("USERNAME_INVALID"))
      throw Exception(Error{client_errc::unknown_peer, resolved.error().rpc});
    throw Exception(resolved.error());
  }
  const auto* peer = resolved->as<types::contacts::ResolvedPeer>();
  if (peer == nullptr) throw Exception(Error{mtproto::mtproto_errc::malformed_message, {}});
  learn_peers(peer->users, peer->chats);
  co_return Peer::of(peer->peer);
}

}  // namespace layer::client::detail
