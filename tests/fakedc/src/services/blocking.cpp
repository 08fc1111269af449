// contacts.block / unblock / getBlocked. Blocking a bot is how a user stops
// it: the bot is told with a qts-numbered updateBotStopped, and its messages
// to that user fail with 400 USER_IS_BLOCKED until the user unblocks it.
#include <algorithm>

#include "delivery.hpp"
#include "layer/tl/functions/contacts.hpp"
#include "layer/tl/types/contacts.hpp"
#include "peers.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

// Blocks or unblocks; false when nothing changed, as Telegram answers.
bool set_blocked(Shared& shared, std::int64_t self, const tl::enums::InputPeer& peer, bool block) {
  World& world = shared.world;
  const std::int64_t other = resolve_peer(world, self, peer);
  if (other == self) throw RpcFailure(400, "CONTACT_ID_INVALID");
  auto& blocked = world.account(self)->blocked;
  if (world.account(self)->has_blocked(other) == block) return false;
  if (block) {
    blocked.push_back(other);
  } else {
    std::erase(blocked, other);
  }
  if (world.account(other)->bot) {
    push_qts_update(shared, other,
                    [&](std::int32_t qts) {
                      return types::UpdateBotStopped{
                          .user_id = self, .date = world.now(), .stopped = block, .qts = qts};
                    },
                    {self});
  }
  return true;
}

}  // namespace

void add_blocking(Dispatcher& d, Shared& shared) {
  d.on<fn::contacts::Block>([&shared](const Call& call, const fn::contacts::Block& r) {
    return set_blocked(shared, call.account(), r.id, true);
  });
  d.on<fn::contacts::Unblock>([&shared](const Call& call, const fn::contacts::Unblock& r) {
    return set_blocked(shared, call.account(), r.id, false);
  });
  d.on<fn::contacts::GetBlocked>([&shared](const Call& call, const fn::contacts::GetBlocked& r) {
    World& world = shared.world;
    const auto& blocked = world.account(call.account())->blocked;
    if (r.offset < 0 || r.limit < 0) throw RpcFailure(400, "LIMIT_INVALID");
    const auto from = std::min(blocked.size(), static_cast<std::size_t>(r.offset));
    const auto to = std::min(blocked.size(), from + static_cast<std::size_t>(r.limit));
    const std::vector<std::int64_t> page(blocked.begin() + static_cast<std::ptrdiff_t>(from),
                                         blocked.begin() + static_cast<std::ptrdiff_t>(to));
    std::vector<tl::enums::PeerBlocked> peers;
    for (const auto id : page) peers.push_back(types::PeerBlocked{peer_of(id), world.now()});
    auto users = users_view(world, call.account(), page);
    if (to - from < blocked.size()) {
      return tl::enums::contacts::Blocked(types::contacts::BlockedSlice{
          static_cast<std::int32_t>(blocked.size()), std::move(peers), {}, std::move(users)});
    }
    return tl::enums::contacts::Blocked(types::contacts::Blocked{std::move(peers), {}, std::move(users)});
  });
}

}  // namespace layer::fakedc::services
