#include "update_engine.hpp"

#include <algorithm>
#include <utility>

namespace layer::client::detail {
namespace {

namespace types = tl::types;
using Kind = UpdateBox::Kind;

const std::shared_ptr<const Entities>& no_entities() {
  static const auto none = std::make_shared<const Entities>();
  return none;
}

std::shared_ptr<const Entities> entities_of(std::vector<tl::enums::User> users,
                                            std::vector<tl::enums::Chat> chats) {
  if (users.empty() && chats.empty()) return no_entities();
  return std::make_shared<const Entities>(Entities{std::move(users), std::move(chats)});
}

// The errors of getChannelDifference that say the account cannot read the
// channel any more: asking again would get the same.
bool channel_gone(std::string_view error) {
  return error == "CHANNEL_PRIVATE" || error == "CHANNEL_INVALID" || error == "CHANNEL_PUBLIC_GROUP_NA" ||
         error == "USER_BANNED_IN_CHANNEL";
}

template <class Short>
void copy_short_fields(const Short& from, types::Message& to) {
  to.out = from.out;
  to.mentioned = from.mentioned;
  to.media_unread = from.media_unread;
  to.silent = from.silent;
  to.id = from.id;
  to.message = from.message;
  to.date = from.date;
  to.fwd_from = from.fwd_from;
  to.via_bot_id = from.via_bot_id;
  to.reply_to = from.reply_to;
  to.entities = from.entities;
  to.ttl_period = from.ttl_period;
}

}  // namespace

UpdateEngine::UpdateEngine(Options options) : options_(options) {}

void UpdateEngine::start(std::optional<UpdateState> state, std::span<const ChannelPts> channels,
                         std::int64_t self_id, Time now) {
  self_id_ = self_id;
  last_activity_ = now;
  for (const auto& c : channels) {
    channels_[c.channel_id].number = c.pts;
    committed_channels_[c.channel_id] = c.pts;
  }
  if (!state) {
    state_fetch_.wanted = true;
    return;
  }
  started_ = true;
  common_.number = state->pts;
  secondary_.number = state->qts;
  date_ = state->date;
  seq_ = state->seq;
  committed_ = *state;
  // Whatever happened while the client was away.
  difference_.wanted = true;
}

void UpdateEngine::resync(Time) {
  if (started_) difference_.wanted = true;
}

bool UpdateEngine::holding() const noexcept {
  return !started_ || state_fetch_.in_flight || state_fetch_.wanted || difference_.in_flight;
}

void UpdateEngine::feed(const tl::enums::Updates& updates, Time now) {
  last_activity_ = now;
  if (!holding()) {
    process(updates, now);
    return;
  }
  // Held until the state they are checked against is known; past the bound,
  // the numbered ones come back with the difference, the others are counted.
  if (held_.size() < options_.pending_per_box) {
    held_.push_back(updates);
    return;
  }
  std::vector<const tl::enums::Update*> inside;
  if (const auto* u = updates.as<types::Updates>()) {
    for (const auto& x : u->updates) inside.push_back(&x);
  } else if (const auto* c = updates.as<types::UpdatesCombined>()) {
    for (const auto& x : c->updates) inside.push_back(&x);
  } else if (const auto* s = updates.as<types::UpdateShort>()) {
    inside.push_back(&s->update);
  }
  for (const auto* x : inside) {
    if (!place_of(*x) && !x->is<types::UpdateChannelTooLong>()) ++dropped_unnumbered_;
  }
}

void UpdateEngine::took(const UpdateBox& box, std::int32_t number, std::int32_t count, Time now) {
  last_activity_ = now;
  if (box.kind == Kind::channel && !channels_.contains(box.channel_id)) return;  // not followed
  if (holding() && box.kind != Kind::channel) {
    types::UpdateShortSentMessage taken;
    taken.pts = number;
    taken.pts_count = count;
    feed(taken, now);
    return;
  }
  place(Pending{Place{box, number, count}, std::nullopt, no_entities()}, now);
}

void UpdateEngine::process(const tl::enums::Updates& updates, Time now) {
  if (updates.is<types::UpdatesTooLong>()) {
    difference_.wanted = true;
  } else if (const auto* m = updates.as<types::UpdateShortMessage>()) {
    process_update(from_short(*m), no_entities(), now);
  } else if (const auto* c = updates.as<types::UpdateShortChatMessage>()) {
    process_update(from_short(*c), no_entities(), now);
  } else if (const auto* s = updates.as<types::UpdateShort>()) {
    process_update(s->update, no_entities(), now);
  } else if (const auto* sent = updates.as<types::UpdateShortSentMessage>()) {
    place(Pending{Place{{Kind::common, 0}, sent->pts, sent->pts_count}, std::nullopt, no_entities()}, now);
  } else if (const auto* u = updates.as<types::Updates>()) {
    process_sequenced(updates, u->seq, u->seq, u->date, now);
  } else if (const auto* uc = updates.as<types::UpdatesCombined>()) {
    process_sequenced(updates, uc->seq_start, uc->seq, uc->date, now);
  }
}

void UpdateEngine::process_sequenced(const tl::enums::Updates& updates, std::int32_t seq_start,
                                     std::int32_t seq, std::int32_t date, Time now) {
  if (seq != 0) {
    if (seq_start <= seq_) return;  // applied already
    if (seq_start > seq_ + 1) {
      seq_pending_.try_emplace(seq_start, updates);
      if (!seq_gap_since_) seq_gap_since_ = now;
      return;
    }
  }
  const auto* u = updates.as<types::Updates>();
  const auto* c = updates.as<types::UpdatesCombined>();
  const auto entities = u ? entities_of(u->users, u->chats) : entities_of(c->users, c->chats);
  for (const auto& update : u ? u->updates : c->updates) process_update(update, entities, now);
  if (seq == 0) return;
  seq_ = seq;
  date_ = std::max(date_, date);
  mark({.date = date_, .seq = seq_});
  drain_seq(now);
}

void UpdateEngine::drain_seq(Time now) {
  while (!seq_pending_.empty() && !holding()) {
    auto first = seq_pending_.begin();
    if (first->first > seq_ + 1) break;
    const auto next = std::move(first->second);
    seq_pending_.erase(first);
    process(next, now);
  }
  if (seq_pending_.empty()) seq_gap_since_.reset();
}

void UpdateEngine::process_update(tl::enums::Update update, const std::shared_ptr<const Entities>& entities,
                                  Time now) {
  if (const auto* too_long = update.as<types::UpdateChannelTooLong>()) {
    if (channels_.contains(too_long->channel_id)) channel_fetches_[too_long->channel_id].wanted = true;
    return;
  }
  const auto at = place_of(update);
  if (!at) {
    deliver_unnumbered(std::move(update), entities);
    return;
  }
  place(Pending{*at, std::move(update), entities}, now);
}

void UpdateEngine::deliver_unnumbered(tl::enums::Update update,
                                      const std::shared_ptr<const Entities>& entities) {
  if (!room()) {
    ++dropped_unnumbered_;
    return;
  }
  enqueue(Delivery{std::move(update), entities}, {});
}

UpdateEngine::Box* UpdateEngine::box(const UpdateBox& id) {
  switch (id.kind) {
    case Kind::common:
      return &common_;
    case Kind::secondary:
      return &secondary_;
    case Kind::channel: {
      const auto it = channels_.find(id.channel_id);
      return it == channels_.end() ? nullptr : &it->second;
    }
    case Kind::unnumbered:
      break;
  }
  return nullptr;
}

void UpdateEngine::place(Pending pending, Time now) {
  const UpdateBox id = pending.place.box;
  if (id.kind == Kind::channel) {
    // The first update of a channel not seen before sets where its box stands.
    const auto [it, fresh] = channels_.try_emplace(id.channel_id);
    if (fresh) it->second.number = pending.place.number - pending.place.count;
  }
  Box& b = *box(id);
  if (b.overflowed) return;  // fetched again once the consumer has caught up
  if (b.pending.size() < options_.pending_per_box) {
    b.pending.push_back(std::move(pending));
  } else if (!b.gap_since) {
    b.gap_since = now;
  }
  drain(b, id, now);
}

void UpdateEngine::sort_by_start(std::vector<Pending>& pending) {
  std::stable_sort(pending.begin(), pending.end(), [](const Pending& x, const Pending& y) {
    return x.place.number - x.place.count < y.place.number - y.place.count;
  });
}

void UpdateEngine::drain(Box& b, const UpdateBox& id, Time now) {
  if (id.kind == Kind::channel && channel_fetches_[id.channel_id].in_flight) return;
  sort_by_start(b.pending);
  std::size_t done = 0;
  for (; done < b.pending.size(); ++done) {
    Pending& p = b.pending[done];
    const std::int32_t start = p.place.number - p.place.count;
    if (start < b.number) continue;  // seen already
    if (start > b.number) break;     // a gap before it
    if (!apply(b, id, p)) {
      // The buffer is full: the box stops here and its difference brings
      // these back once the consumer has made room.
      b.overflowed = true;
      b.pending.clear();
      b.gap_since.reset();
      return;
    }
  }
  b.pending.erase(b.pending.begin(), b.pending.begin() + static_cast<std::ptrdiff_t>(done));
  if (b.pending.empty()) {
    b.gap_since.reset();
  } else if (!b.gap_since) {
    b.gap_since = now;
  }
}

void UpdateEngine::skip_to(Box& b, const UpdateBox& id, std::int32_t to) {
  sort_by_start(b.pending);
  std::size_t done = 0;
  for (; done < b.pending.size(); ++done) {
    Pending& p = b.pending[done];
    const std::int32_t start = p.place.number - p.place.count;
    if (start < b.number) continue;  // seen already
    if (start >= to) break;
    if (start > b.number) enqueue(UpdatesLost{id, b.number, start}, {});
    b.number = start;
    // A full buffer leaves the rest to the report below.
    if (!apply(b, id, p)) break;
  }
  b.pending.erase(b.pending.begin(), b.pending.begin() + static_cast<std::ptrdiff_t>(done));
  if (b.number < to) {
    enqueue(UpdatesLost{id, b.number, to}, {});
    b.number = to;
    mark(position_of(id, to));
  }
}

UpdateEngine::Position UpdateEngine::position_of(const UpdateBox& id, std::int32_t number) {
  Position position;
  switch (id.kind) {
    case Kind::common:
      position.pts = number;
      break;
    case Kind::secondary:
      position.qts = number;
      break;
    case Kind::channel:
      position.channel = ChannelPts{id.channel_id, number};
      break;
    case Kind::unnumbered:
      break;
  }
  return position;
}

bool UpdateEngine::apply(Box& b, const UpdateBox& id, Pending& p) {
  if (p.update && !room()) return false;
  b.number = p.place.number;
  const Position position = position_of(id, b.number);
  if (p.update) {
    enqueue(Delivery{std::move(*p.update), p.entities}, position);
  } else {
    mark(position);
  }
  return true;
}

void UpdateEngine::enqueue(std::optional<EngineEvent> event, Position position) {
  if (!event && queue_.empty()) {
    commit(position);
    return;
  }
  if (event) ++events_;
  queue_.push_back(Entry{std::move(event), std::move(position)});
}

void UpdateEngine::commit(const Position& p) {
  if (p.pts) committed_.pts = *p.pts;
  if (p.qts) committed_.qts = *p.qts;
  if (p.date) committed_.date = *p.date;
  if (p.seq) committed_.seq = *p.seq;
  committed_moved_ = committed_moved_ || p.pts || p.qts || p.date || p.seq;
  if (p.channel) {
    committed_channels_[p.channel->channel_id] = p.channel->pts;
    if (std::find(moved_channels_.begin(), moved_channels_.end(), p.channel->channel_id) ==
        moved_channels_.end())
      moved_channels_.push_back(p.channel->channel_id);
  }
}

std::optional<EngineEvent> UpdateEngine::pop() {
  while (!queue_.empty()) {
    Entry entry = std::move(queue_.front());
    queue_.pop_front();
    commit(entry.position);
    if (!entry.event) continue;
    --events_;
    // Positions right behind the event belong to it (a difference's end).
    while (!queue_.empty() && !queue_.front().event) {
      commit(queue_.front().position);
      queue_.pop_front();
    }
    after_pop();
    return std::move(entry.event);
  }
  after_pop();
  return std::nullopt;
}

void UpdateEngine::after_pop() {
  if (dropped_unnumbered_ > 0 && room()) {
    const auto dropped = static_cast<std::int32_t>(std::min<std::int64_t>(dropped_unnumbered_, INT32_MAX));
    dropped_unnumbered_ = 0;
    enqueue(UpdatesLost{{Kind::unnumbered, 0}, 0, dropped}, {});
  }
  if (events_ > options_.buffer / 2) return;
  if (common_.overflowed || secondary_.overflowed) {
    common_.overflowed = secondary_.overflowed = false;
    difference_.wanted = true;
  }
  for (auto& [id, b] : channels_) {
    if (!b.overflowed) continue;
    b.overflowed = false;
    channel_fetches_[id].wanted = true;
  }
}

std::optional<UpdateCommit> UpdateEngine::take_commit() {
  if (!committed_moved_ && moved_channels_.empty()) return std::nullopt;
  UpdateCommit out{committed_, {}};
  for (const auto id : moved_channels_) out.channels.push_back({id, committed_channels_[id]});
  committed_moved_ = false;
  moved_channels_.clear();
  return out;
}

bool UpdateEngine::ready(const Fetch& fetch, Time now) const {
  return fetch.wanted && !fetch.in_flight && (!fetch.retry_at || *fetch.retry_at <= now);
}

std::optional<UpdateRequest> UpdateEngine::next_request(Time now) {
  if (ready(state_fetch_, now)) {
    state_fetch_.in_flight = true;
    state_fetch_.wanted = false;
    return GetStateRequest{};
  }
  if (!started_ || state_fetch_.in_flight || state_fetch_.wanted) return std::nullopt;
  const auto waited = [&](const std::optional<Time>& since) {
    return since && *since + options_.gap_wait <= now;
  };
  if (!difference_.in_flight && (waited(common_.gap_since) || waited(secondary_.gap_since) ||
                                 waited(seq_gap_since_) || now - last_activity_ >= options_.idle)) {
    difference_.wanted = true;
  }
  if (ready(difference_, now) && room()) {
    difference_.in_flight = true;
    difference_.wanted = false;
    last_activity_ = now;
    return GetDifferenceRequest{common_.number, secondary_.number, date_};
  }
  for (auto& [id, b] : channels_) {
    Fetch& fetch = channel_fetches_[id];
    if (!fetch.in_flight && waited(b.gap_since)) fetch.wanted = true;
    if (ready(fetch, now) && room()) {
      fetch.in_flight = true;
      fetch.wanted = false;
      return GetChannelDifferenceRequest{id, b.number};
    }
  }
  return std::nullopt;
}

std::optional<UpdateEngine::Time> UpdateEngine::next_deadline() const {
  std::optional<Time> best;
  const auto consider = [&](std::optional<Time> t) {
    if (t && (!best || *t < *best)) best = t;
  };
  const auto gap = [&](const std::optional<Time>& since) -> std::optional<Time> {
    if (!since) return std::nullopt;
    return *since + options_.gap_wait;
  };
  const auto retry = [&](const Fetch& f) -> std::optional<Time> {
    return f.wanted && !f.in_flight ? f.retry_at : std::nullopt;
  };
  consider(retry(state_fetch_));
  if (!started_) return best;
  // A fetch already wanted waits only for its retry (or for room, which
  // pop() makes); otherwise for a gap's wait or the idle check.
  if (difference_.wanted) {
    consider(retry(difference_));
  } else if (!difference_.in_flight) {
    consider(gap(common_.gap_since));
    consider(gap(secondary_.gap_since));
    consider(gap(seq_gap_since_));
    consider(last_activity_ + options_.idle);
  }
  for (const auto& [id, b] : channels_) {
    const auto f = channel_fetches_.find(id);
    if (f == channel_fetches_.end()) {
      consider(gap(b.gap_since));
    } else if (f->second.wanted) {
      consider(retry(f->second));
    } else if (!f->second.in_flight) {
      consider(gap(b.gap_since));
    }
  }
  return best;
}

void UpdateEngine::on_state(const types::updates::State& state, Time now) {
  state_fetch_ = {};
  last_activity_ = now;
  if (resetting_) {
    // The stored state was refused: what lies between it and now is gone.
    if (state.pts > common_.number) enqueue(UpdatesLost{{Kind::common, 0}, common_.number, state.pts}, {});
    if (state.qts > secondary_.number)
      enqueue(UpdatesLost{{Kind::secondary, 0}, secondary_.number, state.qts}, {});
    resetting_ = false;
  }
  started_ = true;
  common_.number = state.pts;
  secondary_.number = state.qts;
  date_ = state.date;
  seq_ = state.seq;
  mark({.pts = state.pts, .qts = state.qts, .date = state.date, .seq = state.seq});
  caught_up(now);
}

void UpdateEngine::take_difference(const std::vector<tl::enums::Message>& messages,
                                   const std::vector<tl::enums::EncryptedMessage>& encrypted,
                                   const std::vector<tl::enums::Update>& others,
                                   std::vector<tl::enums::User> users, std::vector<tl::enums::Chat> chats,
                                   const tl::enums::updates::State& state_box, Time now) {
  const auto entities = entities_of(std::move(users), std::move(chats));
  // What a difference returns is past the state it started from and up to
  // the state it names, so it needs no checks of its own; channel updates
  // among it go through their own boxes.
  for (const auto& m : messages) enqueue(Delivery{types::UpdateNewMessage{m, 0, 0}, entities}, {});
  for (const auto& e : encrypted) enqueue(Delivery{types::UpdateNewEncryptedMessage{e, 0}, entities}, {});
  for (const auto& u : others) {
    const auto at = place_of(u);
    if (u.is<types::UpdateChannelTooLong>() || (at && at->box.kind == Kind::channel)) {
      process_update(u, entities, now);
    } else {
      enqueue(Delivery{u, entities}, {});
    }
  }
  const auto* state = state_box.as<types::updates::State>();
  if (state == nullptr) return;
  common_.number = state->pts;
  secondary_.number = state->qts;
  date_ = state->date;
  seq_ = state->seq;
  mark({.pts = state->pts, .qts = state->qts, .date = state->date, .seq = state->seq});
}

void UpdateEngine::on_difference(const tl::enums::updates::Difference& difference, Time now) {
  difference_.in_flight = false;
  difference_.failures = 0;
  difference_.retry_at.reset();
  last_activity_ = now;
  if (const auto* empty = difference.as<types::updates::DifferenceEmpty>()) {
    date_ = empty->date;
    seq_ = empty->seq;
    mark({.date = date_, .seq = seq_});
  } else if (const auto* d = difference.as<types::updates::Difference>()) {
    take_difference(d->new_messages, d->new_encrypted_messages, d->other_updates, d->users, d->chats,
                    d->state, now);
  } else if (const auto* slice = difference.as<types::updates::DifferenceSlice>()) {
    take_difference(slice->new_messages, slice->new_encrypted_messages, slice->other_updates, slice->users,
                    slice->chats, slice->intermediate_state, now);
    difference_.wanted = true;
  } else if (const auto* too_long = difference.as<types::updates::DifferenceTooLong>()) {
    // Pushes that came meanwhile may fill part of what cannot be replayed.
    replay_held(now);
    skip_to(common_, {Kind::common, 0}, too_long->pts);
    // The rest (qts, seq, what came after that pts) from the new place on.
    difference_.wanted = true;
  }
  caught_up(now);
}

void UpdateEngine::caught_up(Time now) {
  drain(common_, {Kind::common, 0}, now);
  drain(secondary_, {Kind::secondary, 0}, now);
  replay_held(now);
  drain_seq(now);
}

void UpdateEngine::replay_held(Time now) {
  auto held = std::move(held_);
  held_.clear();
  for (auto& updates : held) {
    if (holding()) {
      held_.push_back(std::move(updates));
    } else {
      process(updates, now);
    }
  }
}

void UpdateEngine::on_channel_difference(std::int64_t channel_id,
                                         const tl::enums::updates::ChannelDifference& answer, Time now) {
  Fetch& fetch = channel_fetches_[channel_id];
  fetch.in_flight = false;
  fetch.failures = 0;
  fetch.retry_at.reset();
  const auto it = channels_.find(channel_id);
  if (it == channels_.end()) return;
  Box& b = it->second;
  const UpdateBox id{Kind::channel, channel_id};
  bool final = true;
  if (const auto* empty = answer.as<types::updates::ChannelDifferenceEmpty>()) {
    final = empty->final;
    b.number = empty->pts;
  } else if (const auto* d = answer.as<types::updates::ChannelDifference>()) {
    final = d->final;
    const auto entities = entities_of(d->users, d->chats);
    for (const auto& m : d->new_messages)
      enqueue(Delivery{types::UpdateNewChannelMessage{m, 0, 0}, entities}, {});
    for (const auto& u : d->other_updates) {
      if (u.is<types::UpdateChannelTooLong>()) continue;
      const auto at = place_of(u);
      if (at && at->box != id) {
        process_update(u, entities, now);
      } else {
        enqueue(Delivery{u, entities}, {});
      }
    }
    b.number = d->pts;
  } else if (const auto* too_long = answer.as<types::updates::ChannelDifferenceTooLong>()) {
    final = too_long->final;
    const auto* dialog = too_long->dialog.as<types::Dialog>();
    const std::int32_t pts = dialog && dialog->pts ? *dialog->pts : b.number;
    skip_to(b, id, pts);
  }
  mark({.channel = ChannelPts{channel_id, b.number}});
  if (!final) fetch.wanted = true;
  drain(b, id, now);
}

void UpdateEngine::failed(Fetch& fetch, Time now) {
  fetch.in_flight = false;
  fetch.wanted = true;
  const unsigned shift = std::min(fetch.failures++, 16u);
  const auto delay =
      std::min<std::chrono::milliseconds>(options_.retry_first * (1LL << shift), options_.retry_cap);
  fetch.retry_at = now + delay;
}

void UpdateEngine::on_failure(const UpdateRequest& request, std::string_view rpc_error, Time now) {
  if (std::holds_alternative<GetStateRequest>(request)) {
    failed(state_fetch_, now);
  } else if (std::holds_alternative<GetDifferenceRequest>(request)) {
    if (rpc_error == "PERSISTENT_TIMESTAMP_INVALID") {
      // The server does not know the state we resume from: start again
      // from its current one, reporting the gap.
      difference_.in_flight = false;
      resetting_ = true;
      state_fetch_.wanted = true;
    } else {
      failed(difference_, now);
    }
  } else {
    const auto channel_id = std::get<GetChannelDifferenceRequest>(request).channel_id;
    if (channel_gone(rpc_error)) {
      drop_channel(channel_id, now);
    } else {
      failed(channel_fetches_[channel_id], now);
    }
  }
}

void UpdateEngine::drop_channel(std::int64_t channel_id, Time) {
  const auto it = channels_.find(channel_id);
  if (it == channels_.end()) return;
  const Box& b = it->second;
  std::int32_t last = b.number;
  for (const auto& p : b.pending) last = std::max(last, p.place.number);
  if (last > b.number) enqueue(UpdatesLost{{Kind::channel, channel_id}, b.number, last}, {});
  channels_.erase(it);
  channel_fetches_.erase(channel_id);
}

tl::enums::Update UpdateEngine::from_short(const types::UpdateShortMessage& m) const {
  types::Message message;
  copy_short_fields(m, message);
  message.from_id = types::PeerUser{m.out ? self_id_ : m.user_id};
  message.peer_id = types::PeerUser{m.user_id};
  return types::UpdateNewMessage{std::move(message), m.pts, m.pts_count};
}

tl::enums::Update UpdateEngine::from_short(const types::UpdateShortChatMessage& m) const {
  types::Message message;
  copy_short_fields(m, message);
  message.from_id = types::PeerUser{m.from_id};
  message.peer_id = types::PeerChat{m.chat_id};
  return types::UpdateNewMessage{std::move(message), m.pts, m.pts_count};
}

}  // namespace layer::client::detail
