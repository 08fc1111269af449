// How long to wait before the next connection attempt: doubling from the first
// delay up to the cap, each delay with up to half of it added at random so
// that many clients cut off together do not come back together. Pure: the
// caller owns the clock and the randomness.
#pragma once

#include <chrono>

#include "layer/crypto/rng.hpp"

namespace layer::client::detail {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds first, std::chrono::milliseconds cap) noexcept;

  std::chrono::milliseconds next(crypto::Rng& rng);
  // After a connection that worked: the next failure starts from first again.
  void reset() noexcept { attempt_ = 0; }
  unsigned attempts() const noexcept { return attempt_; }

 private:
  std::chrono::milliseconds first_;
  std::chrono::milliseconds cap_;
  unsigned attempt_ = 0;
};

}  // namespace layer::client::detail
