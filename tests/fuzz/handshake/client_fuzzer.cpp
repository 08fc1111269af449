// Arbitrary bytes as the server's answer to each client step. Byte 0 picks the
// step; mode 2 sends the rest as the plaintext of server_DH_inner_data, correctly
// encrypted, so the DH checks behind the encryption are reached too.
#include "fuzz_support.hpp"

using namespace layer::mtproto::handshake;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& p = fuzz::prepared();
  const std::span<const std::byte> answer(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  layer::crypto::DeterministicRng rng(size);
  switch (data[0] % 4) {
    case 0:
      (void)step2(p.s1.state, answer, rng);
      break;
    case 1:
      (void)step3(p.s2.state, answer, rng, fuzz::kNow);
      break;
    case 2: {
      layer::tl::types::ServerDHParamsOk ok;
      ok.nonce = p.s2.state.nonce;
      ok.server_nonce = p.s2.state.server_nonce;
      ok.encrypted_answer = fuzz::wrap(answer, p.s2.state);
      (void)step3(p.s2.state, layer::tl::enums::ServerDHParams(std::move(ok)), rng, fuzz::kNow);
      break;
    }
    default:
      (void)finish(p.s3.state, answer, rng);
      break;
  }
  return 0;
}
