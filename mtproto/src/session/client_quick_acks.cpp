// ClientSession's quick acks: the tokens of the packets sent asking for one,
// and the reports when the transport brings one back.
#include <algorithm>

#include "layer/mtproto/client_session.hpp"

namespace layer::mtproto {

// Only the owner's requests are named, and only those that went out: one whose
// msg_id was refused (duplicate_msg_id) failed in mark_sent and is gone.
void ClientSession::await_quick_ack(std::uint32_t token, const std::vector<RequestId>& batch) {
  std::vector<RequestId> carried;
  for (RequestId id : batch) {
    auto it = requests_.find(id);
    if (it != requests_.end() && !it->second.internal) carried.push_back(id);
  }
  quick_acks_.push_back({token, std::move(carried)});
  if (quick_acks_.size() > options_.max_quick_acks) quick_acks_.pop_front();
}

// Tokens are 31 random bits, so two packets may share one; the older is taken
// first, as its ack comes first.
void ClientSession::on_quick_ack(std::uint32_t token) {
  auto it = std::find_if(quick_acks_.begin(), quick_acks_.end(),
                         [&](const AwaitedQuickAck& q) { return q.token == token; });
  if (it == quick_acks_.end()) {
    notices_.emplace_back(UnmatchedQuickAckEvent{token});
    return;
  }
  notices_.emplace_back(QuickAckEvent{token, std::move(it->requests)});
  quick_acks_.erase(it);
}

}  // namespace layer::mtproto
