// A SessionStore that lives as long as the object: for tests, and for a session
// imported from a string that is exported again instead of written to disk.
#pragma once

#include <utility>

#include "layer/client/session_store.hpp"

namespace layer::client {

class MemorySessionStore final : public SessionStore {
 public:
  MemorySessionStore() = default;
  explicit MemorySessionStore(SessionData initial) : data_(std::move(initial)) {}

  boost::asio::awaitable<SessionData> load() override;
  boost::asio::awaitable<void> save_dc(const DcAuth& dc) override;
  boost::asio::awaitable<void> save_addresses(std::span<const DcAddress> all) override;
  boost::asio::awaitable<void> set_home_dc(std::int32_t dc_id) override;
  boost::asio::awaitable<void> set_self(std::int64_t user_id, bool bot) override;
  boost::asio::awaitable<void> save_updates(const UpdateState& state,
                                            std::span<const ChannelPts> channels) override;
  boost::asio::awaitable<void> save_peers(std::span<const KnownPeer> peers) override;
  boost::asio::awaitable<void> clear() override;

  // The current contents, without a coroutine.
  const SessionData& data() const noexcept { return data_; }

 private:
  SessionData data_;
};

}  // namespace layer::client
