// The sends that carry random_ids (messages.sendMessage, sendMedia,
// forwardMessages), deduplicated as Telegram deduplicates them
// (core.telegram.org/api/updates, "random_id deduplication"): the same
// random_id again from the same account to the same peer, from any of its
// sessions, makes no new message and is answered with what the first call
// made, so a client that lost an answer may send the call again. Telegram
// answers 500 RANDOM_ID_DUPLICATE only while the first call still runs, which
// cannot happen here: the fake DC runs calls one at a time. A call sharing any
// of its random_ids with an earlier one is answered as that one was. The
// answers are kept in the world (World::sent_with), the oldest forgotten past
// World::kRandomIdsPerAccount.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "../dc.hpp"
#include "layer/tl/functions/messages.hpp"
#include "peers.hpp"

namespace layer::fakedc::services {

struct SendTarget {
  const tl::enums::InputPeer& peer;
  std::vector<std::int64_t> random_ids;
};

inline SendTarget target_of(const tl::functions::messages::SendMessage& r) {
  return {r.peer, {r.random_id}};
}
inline SendTarget target_of(const tl::functions::messages::SendMedia& r) {
  return {r.peer, {r.random_id}};
}
inline SendTarget target_of(const tl::functions::messages::ForwardMessages& r) {
  return {r.to_peer, r.random_id};
}

// The answer of account's earlier send to chat under one of random_ids, or
// send()'s, then remembered under all of them.
inline tl::Bytes send_once(World& world, std::int64_t account, std::int64_t chat,
                           std::span<const std::int64_t> random_ids, const std::function<tl::Bytes()>& send) {
  for (const std::int64_t id : random_ids) {
    if (const tl::Bytes* earlier = world.sent_with(account, chat, id)) return *earlier;
  }
  tl::Bytes answer = send();
  world.remember_sent(account, chat, random_ids, answer);
  return answer;
}

// Dispatcher::on<Fn>(f) for such a send: f runs only for random_ids not used before.
template <class Fn, class F>
void on_send_once(Dispatcher& d, Shared& shared, F f) {
  d.on_id(Fn::ID, [&shared, f = std::move(f)](const Call& call) {
    const auto request = tl::try_deserialize<Fn>(call.query);
    if (!request) throw RpcFailure(400, "INPUT_FETCH_ERROR");
    const std::int64_t self = call.account();
    const SendTarget target = target_of(*request);
    return send_once(shared.world, self, input_peer_key(shared.world, self, target.peer), target.random_ids,
                     [&] { return tl::serialize(typename Fn::Return(f(call, *request))); });
  });
}

}  // namespace layer::fakedc::services
