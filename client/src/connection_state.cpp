#include "layer/client/connection_state.hpp"

namespace layer::client {

std::string_view to_string(ConnectionState state) noexcept {
  switch (state) {
    case ConnectionState::connecting:
      return "connecting";
    case ConnectionState::handshaking:
      return "handshaking";
    case ConnectionState::ready:
      return "ready";
    case ConnectionState::waiting_for_network:
      return "waiting_for_network";
    case ConnectionState::closed:
      return "closed";
  }
  return "unknown";
}

}  // namespace layer::client
