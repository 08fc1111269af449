#include "bot_queries.hpp"

namespace layer::fakedc::services {

std::int64_t BotQueries::wait(const Call& call, std::int64_t bot) {
  const std::int64_t query_id = shared_.world.random_id();
  auto timeout = shared_.timers.after(kBotResponseTimeout, [pending = pending_, query_id] {
    const auto it = pending->find(query_id);
    if (it == pending->end()) return;
    it->second.responder.error(400, "BOT_RESPONSE_TIMEOUT");
    pending->erase(it);
  });
  pending_->insert_or_assign(query_id, Query{call.account(), bot, call.defer(), std::move(timeout)});
  return query_id;
}

void BotQueries::answer(std::int64_t query_id, std::int64_t bot,
                        const std::function<tl::Bytes(std::int64_t user)>& answer) {
  const auto it = pending_->find(query_id);
  if (it == pending_->end() || it->second.bot != bot) throw RpcFailure(400, "QUERY_ID_INVALID");
  it->second.responder.result(answer(it->second.user));
  pending_->erase(it);
}

}  // namespace layer::fakedc::services
