// Helpers shared by the transport tests: hex, a scripted Rng, and draining a
// decoder over an input cut into chunks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "layer/crypto/rng.hpp"
#include "layer/mtproto/transport/frame.hpp"
#include "layer/test/hex.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto::transport::test {

using tl::Bytes;

using layer::test::hex;
using layer::test::unhex;

inline Bytes pattern(std::size_t n, unsigned seed = 1) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::byte>((i * 31 + seed * 7) & 0xff);
  return out;
}

inline Bytes concat(std::initializer_list<std::span<const std::byte>> parts) {
  Bytes out;
  for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Hands out exactly the bytes a test scripted; running dry is a test failure.
class ScriptedRng final : public crypto::Rng {
 public:
  void push(std::span<const std::byte> bytes) { queue_.insert(queue_.end(), bytes.begin(), bytes.end()); }
  void fill(std::span<std::byte> out) override {
    for (auto& b : out) {
      if (queue_.empty()) {
        ADD_FAILURE() << "ScriptedRng ran dry";
        b = std::byte{0};
        continue;
      }
      b = queue_.front();
      queue_.pop_front();
    }
  }
  std::size_t left() const { return queue_.size(); }

 private:
  std::deque<std::byte> queue_;
};

// A decoded frame copied out of the decoder's lifetime rules.
struct Got {
  FrameKind kind;
  Bytes payload;
  bool quick_ack_requested;
  std::uint32_t token;
  std::int32_t error_code;
};

// Feeds `in` in chunks of the sizes `next_chunk` returns, draining every frame.
// Returns the first error, if any, in `ec`. Decoders take mutable input, so
// they see a copy of `in`.
template <class Decoder>
std::vector<Got> drain(Decoder& d, std::span<const std::byte> original,
                       const std::function<std::size_t()>& next_chunk, std::error_code* ec = nullptr) {
  Bytes owned(original.begin(), original.end());
  std::span<std::byte> in(owned);
  std::vector<Got> got;
  std::size_t pos = 0;
  while (pos < in.size()) {
    auto chunk = in.subspan(pos, std::min(next_chunk(), in.size() - pos));
    pos += chunk.size();
    for (;;) {
      auto r = d.decode(chunk);
      if (!r) {
        if (ec != nullptr) *ec = r.error();
        return got;
      }
      chunk = chunk.subspan(r->consumed);
      if (!r->frame) {
        EXPECT_TRUE(chunk.empty()) << "no frame but input left";
        break;
      }
      const auto& f = *r->frame;
      got.push_back({f.kind, Bytes(f.payload.begin(), f.payload.end()), f.quick_ack_requested,
                     f.quick_ack_token, f.error_code});
    }
  }
  return got;
}

template <class Decoder>
std::vector<Got> drain_whole(Decoder& d, std::span<const std::byte> in, std::error_code* ec = nullptr) {
  return drain(
      d, in, [n = in.size()] { return std::max<std::size_t>(n, 1); }, ec);
}

template <class Decoder>
std::vector<Got> drain_bytewise(Decoder& d, std::span<const std::byte> in, std::error_code* ec = nullptr) {
  return drain(
      d, in, [] { return std::size_t{1}; }, ec);
}

template <class Decoder>
std::vector<Got> drain_random(Decoder& d, std::span<const std::byte> in, unsigned seed,
                              std::error_code* ec = nullptr) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<std::size_t> size(1, 97);
  return drain(
      d, in, [&] { return size(gen); }, ec);
}

}  // namespace layer::mtproto::transport::test
