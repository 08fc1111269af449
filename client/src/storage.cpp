// Where a client keeps its session: the store Config names, and each DC's key
// written back as it changes.
#include "client_impl.hpp"
#include "layer/client/memory_session_store.hpp"
#include "layer/client/sqlite_session_store.hpp"

namespace layer::client::detail {

std::shared_ptr<SessionStore> ClientImpl::open_store(const Config& config) {
  if (config.store) return config.store;
  if (config.session.empty()) return std::make_shared<MemorySessionStore>();
  return std::make_shared<SqliteSessionStore>(config.session);
}

boost::asio::awaitable<void> ClientImpl::save_dc(DcAuth auth) {
  co_await store_->save_dc(auth);
}

}  // namespace layer::client::detail
