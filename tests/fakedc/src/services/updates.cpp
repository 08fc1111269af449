// The update state and its difference: what a client that missed pushes
// fetches to catch up, from the account's pts-numbered log.
#include "layer/tl/functions/updates.hpp"
#include "layer/tl/types/updates.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

// Updates per difference; past this the client gets a differenceSlice and asks again.
constexpr std::size_t kDifferenceLimit = 100;

types::updates::State state_at(World& world, std::int32_t pts) {
  return types::updates::State{pts, 0, world.now(), 0, 0};
}

tl::enums::updates::Difference difference(World& world, std::int64_t self, std::int32_t since) {
  const Mailbox& box = world.mailbox(self);
  if (since > box.pts) throw RpcFailure(400, "PERSISTENT_TIMESTAMP_INVALID");
  if (since == box.pts) return types::updates::DifferenceEmpty{world.now(), 0};
  std::vector<tl::enums::Message> messages;
  std::vector<tl::enums::Update> others;
  std::vector<std::int64_t> people;
  std::int32_t reached = since;
  for (const auto& entry : box.log) {
    if (entry.pts <= since) continue;
    if (messages.size() + others.size() == kDifferenceLimit) break;
    if (const auto* added = entry.update.as<types::UpdateNewMessage>()) {
      messages.push_back(added->message);
      if (const auto* m = added->message.as<types::Message>()) people.push_back(account_of(m->peer_id));
    } else {
      others.push_back(entry.update);
    }
    reached = entry.pts;
  }
  people.push_back(self);
  auto users = users_view(world, self, people);
  if (reached == box.pts) {
    return types::updates::Difference{std::move(messages),     {}, std::move(others), {}, std::move(users),
                                      state_at(world, reached)};
  }
  return types::updates::DifferenceSlice{std::move(messages),     {}, std::move(others), {}, std::move(users),
                                         state_at(world, reached)};
}

}  // namespace

void add_updates(Dispatcher& d, Shared& shared) {
  World& world = shared.world;
  d.on<fn::updates::GetState>([&world](const Call& call, const fn::updates::GetState&) {
    return state_at(world, world.mailbox(call.account()).pts);
  });
  d.on<fn::updates::GetDifference>([&world](const Call& call, const fn::updates::GetDifference& r) {
    return difference(world, call.account(), r.pts);
  });
}

}  // namespace layer::fakedc::services
