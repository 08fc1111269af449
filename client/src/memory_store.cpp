#include "layer/client/memory_session_store.hpp"
#include "upsert.hpp"

namespace layer::client {

boost::asio::awaitable<SessionData> MemorySessionStore::load() {
  co_return data_;
}

boost::asio::awaitable<void> MemorySessionStore::save_dc(const DcAuth& dc) {
  detail::upsert(data_.dcs, dc, [](const DcAuth& d) { return d.dc_id; });
  co_return;
}

boost::asio::awaitable<void> MemorySessionStore::save_addresses(std::span<const DcAddress> all) {
  data_.addresses.assign(all.begin(), all.end());
  co_return;
}

boost::asio::awaitable<void> MemorySessionStore::set_home_dc(std::int32_t dc_id) {
  data_.home_dc = dc_id;
  co_return;
}

boost::asio::awaitable<void> MemorySessionStore::set_self(std::int64_t user_id, bool bot) {
  data_.self_id = user_id;
  data_.self_is_bot = bot;
  co_return;
}

boost::asio::awaitable<void> MemorySessionStore::save_updates(const UpdateState& state,
                                                              std::span<const ChannelPts> channels) {
  // Built aside and swapped in, so that a failed allocation leaves the old state.
  std::vector<ChannelPts> merged = data_.channels;
  detail::upsert_channels(merged, channels);
  data_.updates = state;
  data_.channels = std::move(merged);
  co_return;
}

boost::asio::awaitable<void> MemorySessionStore::save_peers(std::span<const KnownPeer> peers) {
  std::vector<KnownPeer> merged = data_.peers;
  for (const KnownPeer& p : peers) detail::upsert(merged, p, [](const KnownPeer& k) { return k.peer; });
  data_.peers = std::move(merged);
  co_return;
}

boost::asio::awaitable<void> MemorySessionStore::clear() {
  data_ = SessionData{};
  co_return;
}

}  // namespace layer::client
