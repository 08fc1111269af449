// Peels the invoke* wrappers off a client's call, as Telegram does before it
// serves the query inside: invokeWithLayer, initConnection, invokeWithoutUpdates,
// invokeAfterMsg(s) and invokeWithTakeout. The inner query is left as bytes,
// so a client of another layer is served whatever its query's constructors.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace layer::fakedc {

struct ClientInfo {
  std::int32_t api_id = 0;
  std::string device_model;
  std::string app_version;
};

struct Peeled {
  std::optional<std::int32_t> layer;
  std::optional<ClientInfo> client;  // from initConnection
  std::span<const std::byte> query;
};

// Throws tl::DecodeError when a wrapper is malformed.
Peeled peel_wrappers(std::span<const std::byte> body);

}  // namespace layer::fakedc
