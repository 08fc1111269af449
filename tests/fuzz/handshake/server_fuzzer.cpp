// Arbitrary bytes as a client message to a HandshakeServer in each of its states.
// Byte 0 picks the state; in the last state, an odd byte 0 sends the rest as the
// plaintext of client_DH_inner_data, correctly encrypted, so the checks behind the
// encryption are reached too. Any outcome but a crash, hang or leak is fine.
#include "fuzz_support.hpp"

using namespace layer::mtproto::handshake;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& p = fuzz::prepared();
  const std::span<const std::byte> body(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  layer::crypto::DeterministicRng rng(size);
  switch (data[0] % 4) {
    case 0: {
      HandshakeServer server = p.server_fresh;
      (void)server.on_message(body, rng, fuzz::kNow);
      break;
    }
    case 1: {
      HandshakeServer server = p.server_pq_sent;
      (void)server.on_message(body, rng, fuzz::kNow);
      break;
    }
    case 2: {
      HandshakeServer server = p.server_dh_sent;
      (void)server.on_message(body, rng, fuzz::kNow);
      break;
    }
    default: {
      HandshakeServer server = p.server_dh_sent;
      layer::tl::functions::SetClientDHParams request;
      request.nonce = p.s2.state.nonce;
      request.server_nonce = p.s2.state.server_nonce;
      request.encrypted_data = fuzz::wrap(body, p.s2.state);
      (void)server.on_set_client_dh_params(request);
      break;
    }
  }
  return 0;
}
