// The update state and its difference: what a client that missed pushes
// fetches to catch up, from the account's logs: pts (messages), qts (bots'
// member and stop events) and seq (changes with neither, like member lists).
// A client too far behind is told so (differenceTooLong) instead. Channels
// that changed are named with updateChannelTooLong, as Telegram does.
#include "layer/tl/functions/updates.hpp"
#include "layer/tl/types/updates.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

// pts and qts updates per difference; past this the client gets a
// differenceSlice and asks again.
constexpr std::size_t kDifferenceLimit = 100;

types::updates::State state_at(World& world, const Mailbox& box, std::int32_t pts, std::int32_t qts) {
  return types::updates::State{pts, qts, world.now(), box.seq.last, 0};
}

// What a client that has seen up to `since` is missing of one log, at most
// kDifferenceLimit entries; `reached` is the last number returned.
template <class Entry, class Number, class Take>
bool collect(const std::vector<Entry>& log, Number number, std::int32_t since, std::int32_t& reached,
             Take take) {
  std::size_t taken = 0;
  for (const auto& entry : log) {
    if (number(entry) <= since) continue;
    if (taken++ == kDifferenceLimit) return false;
    take(entry.update);
    reached = number(entry);
  }
  return true;
}

// Whether the client is further behind than the fake DC replays (or than it
// asked for with pts_total_limit), or a fault says to answer as if it were.
bool too_far_behind(Shared& shared, std::int64_t self, std::int32_t pts,
                    const fn::updates::GetDifference& r) {
  if (shared.faults.take_difference_too_long(self)) return true;
  const std::int64_t behind = std::int64_t{pts} - r.pts;
  return behind > shared.options.difference_too_long_after ||
         (r.pts_total_limit && behind > *r.pts_total_limit);
}

tl::enums::updates::Difference difference(Shared& shared, std::int64_t self,
                                          const fn::updates::GetDifference& r) {
  World& world = shared.world;
  const Mailbox& box = world.mailbox(self);
  if (r.pts > box.pts || r.qts > box.qts.last) throw RpcFailure(400, "PERSISTENT_TIMESTAMP_INVALID");
  if (too_far_behind(shared, self, box.pts, r)) return types::updates::DifferenceTooLong{box.pts};
  std::vector<tl::enums::Message> messages;
  std::vector<tl::enums::Update> others;
  std::vector<std::int64_t> people{self};
  const auto take = [&](const tl::enums::Update& update) {
    if (const auto* added = update.as<types::UpdateNewMessage>()) {
      messages.push_back(added->message);
      if (const auto* m = added->message.as<types::Message>()) people.push_back(account_of(m->peer_id));
    } else {
      others.push_back(update);
    }
  };
  std::int32_t pts = r.pts;
  std::int32_t qts = r.qts;
  const bool all_pts = collect(
      box.log, [](const Mailbox::Entry& e) { return e.pts; }, r.pts, pts, take);
  const auto number = [](const UpdateSequence::Entry& e) { return e.number; };
  const bool all_qts = collect(box.qts.log, number, r.qts, qts, take);
  // seq is not a parameter of getDifference: the changes it numbers come back
  // by date, those after the date the client names (they describe state, so
  // one seen twice is harmless).
  for (const auto& entry : box.seq.log) {
    if (entry.date > r.date) others.push_back(entry.update);
  }
  // Channel updates have boxes of their own: a difference only names the
  // channels that changed since the client's date, for it to fetch each.
  std::vector<tl::enums::Chat> chats;
  for (const Channel* channel : world.channels_of(self)) {
    const auto& log = channel->box.log;
    if (log.empty() || log.back().date < r.date) continue;
    types::UpdateChannelTooLong changed;
    changed.channel_id = channel->id;
    changed.pts = channel->box.pts;
    others.push_back(changed);
    chats.push_back(world.channel_view(*channel, self));
  }
  if (messages.empty() && others.empty()) return types::updates::DifferenceEmpty{world.now(), box.seq.last};
  auto users = users_view(world, self, people);
  if (all_pts && all_qts) {
    return types::updates::Difference{std::move(messages), {},
                                      std::move(others),   std::move(chats),
                                      std::move(users),    state_at(world, box, pts, qts)};
  }
  return types::updates::DifferenceSlice{std::move(messages), {},
                                         std::move(others),   std::move(chats),
                                         std::move(users),    state_at(world, box, pts, qts)};
}

}  // namespace

void add_updates(Dispatcher& d, Shared& shared) {
  World& world = shared.world;
  d.on<fn::updates::GetState>([&world](const Call& call, const fn::updates::GetState&) {
    const Mailbox& box = world.mailbox(call.account());
    return state_at(world, box, box.pts, box.qts.last);
  });
  d.on<fn::updates::GetDifference>([&shared](const Call& call, const fn::updates::GetDifference& r) {
    return difference(shared, call.account(), r);
  });
}

}  // namespace layer::fakedc::services
