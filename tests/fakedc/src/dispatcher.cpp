#include "layer/fakedc/dispatcher.hpp"

#include "layer/fakedc/world.hpp"

#include <cstdio>
#include <cstring>

namespace layer::fakedc {

std::uint32_t Call::constructor() const {
  std::uint32_t id = 0;
  if (query.size() >= sizeof id) std::memcpy(&id, query.data(), sizeof id);
  return id;
}

std::int64_t Call::account() const {
  if (key == nullptr || !key->account) throw RpcFailure(401, "AUTH_KEY_UNREGISTERED");
  return *key->account;
}

bool Dispatcher::handles(std::uint32_t id) const {
  return handlers_.contains(id) || (fallback_ != nullptr && fallback_->handles(id));
}

tl::Bytes Dispatcher::dispatch(const Call& call) const {
  const std::uint32_t id = call.constructor();
  if (const auto it = handlers_.find(id); it != handlers_.end()) return it->second(call);
  if (fallback_ != nullptr) return fallback_->dispatch(call);
  // Telegram's answer to a constructor it does not serve.
  char name[32];
  std::snprintf(name, sizeof name, "INPUT_METHOD_INVALID_%u", static_cast<unsigned>(id));
  throw RpcFailure(400, name);
}

}  // namespace layer::fakedc
