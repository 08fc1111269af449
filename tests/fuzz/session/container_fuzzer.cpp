// The readers of decrypted plaintext: msg_container, gzip_packed (with a small
// cap) and rpc_result / rpc_error, on arbitrary bytes. They must reject or
// accept, never crash, and whatever flatten_message accepts must survive a
// write_container round trip.
#include <cstddef>
#include <cstdint>
#include <span>

#include "layer/mtproto/container.hpp"
#include "layer/mtproto/gzip.hpp"
#include "layer/mtproto/rpc_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace layer::mtproto;
  const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
  auto items = flatten_message({4, 1, input});
  if (items && constructor_of(input) == ids::msg_container) {
    layer::tl::Bytes again;
    write_container(again, *items);
    if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) __builtin_trap();
  }
  if (items) {
    for (const auto& m : *items) {
      (void)unwrap_gzip(m.body, 1 << 20);
      if (auto r = read_rpc_result(m.body)) {
        if (auto object = unwrap_gzip(r->result, 1 << 20)) (void)read_rpc_error(*object);
      }
    }
  }
  return 0;
}
