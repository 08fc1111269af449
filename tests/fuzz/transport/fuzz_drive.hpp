// Shared by the transport fuzzers: the first input byte picks the role and the
// chunk size, the rest is the stream, drained frame by frame.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "layer/mtproto/transport/frame.hpp"

namespace layer::mtproto::transport::fuzz {

struct Input {
  Role role;
  std::size_t chunk;
  std::span<const std::byte> stream;
};

inline Input split_input(const std::uint8_t* data, std::size_t size) {
  const auto* bytes = reinterpret_cast<const std::byte*>(data);
  if (size == 0) return {Role::server, 1, {}};
  const auto control = data[0];
  return {(control & 1) != 0 ? Role::client : Role::server, std::size_t{1} + (control >> 1),
          std::span<const std::byte>(bytes + 1, size - 1)};
}

// A small maximum keeps the fuzzer exploring the length checks rather than allocating.
inline constexpr CodecOptions kFuzzOptions{.max_payload = 1 << 16, .max_padding = 15};

// The stream is copied once: decoders hand out payloads that their reader may
// write to (the session decrypts in place), and libFuzzer's input is read-only.
template <class Decoder>
void drive(Decoder& decoder, std::span<const std::byte> input, std::size_t chunk) {
  std::vector<std::byte> owned(input.begin(), input.end());
  std::span<std::byte> stream(owned);
  while (!stream.empty()) {
    auto piece = stream.first(std::min(chunk, stream.size()));
    stream = stream.subspan(piece.size());
    for (;;) {
      auto r = decoder.decode(piece);
      if (!r) return;
      piece = piece.subspan(r->consumed);
      if (!r->frame) break;
      // Write to the payload so a dangling span, or one into read-only
      // memory, shows up under ASan.
      for (auto& b : r->frame->payload) b = ~b;
    }
  }
}

}  // namespace layer::mtproto::transport::fuzz
