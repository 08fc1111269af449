// Shared by the stateful session fuzzers: the input read as a script of
// operations and their arguments, the key both ends share, a bounded clock,
// the bodies both sides build the same way, and the report of a broken
// invariant.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "layer/crypto/auth_key.hpp"
#include "layer/mtproto/clock.hpp"
#include "layer/mtproto/container.hpp"
#include "layer/mtproto/gzip.hpp"
#include "layer/tl/bytes.hpp"
#include "layer/tl/writer.hpp"

namespace layer::mtproto::fuzz {

// Prints which invariant broke, then aborts so libFuzzer keeps the input.
[[noreturn]] [[gnu::format(printf, 1, 2)]] inline void violated(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  std::fputs("invariant violated: ", stderr);
  std::vfprintf(stderr, format, args);
  std::fputc('\n', stderr);
  va_end(args);
  std::abort();
}

// The input, consumed from the front. Past its end every read is zero, so any
// input is a complete script; done() says when to stop.
class Script {
 public:
  explicit Script(std::span<const std::uint8_t> data) : data_(data) {}

  bool done() const noexcept { return pos_ >= data_.size(); }
  std::uint8_t u8() { return done() ? 0 : data_[pos_++]; }
  // Low part first: each read is its own statement, so the order is fixed.
  std::uint16_t u16() {
    const unsigned low = u8();
    return static_cast<std::uint16_t>(low | unsigned{u8()} << 8);
  }
  std::uint32_t u32() {
    const std::uint32_t low = u16();
    return low | std::uint32_t{u16()} << 16;
  }
  std::uint64_t u64() {
    const std::uint64_t low = u32();
    return low | std::uint64_t{u32()} << 32;
  }
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  bool flag() { return (u8() & 1) != 0; }
  // A length-prefixed run of input bytes (u16 length, cut at the end of input).
  std::span<const std::byte> bytes() {
    const std::size_t wanted = u16();  // read first: it moves pos_
    const std::size_t n = std::min(wanted, data_.size() - std::min(pos_, data_.size()));
    const auto out = std::as_bytes(data_.subspan(pos_, n));
    pos_ += n;
    return out;
  }
  // One of values, chosen by the next byte.
  template <class T, std::size_t N>
  T one_of(const std::array<T, N>& values) {
    return values[u8() % N];
  }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
};

inline const crypto::AuthKey& fuzz_key() {
  static const crypto::AuthKey key = [] {
    std::array<std::byte, crypto::kAuthKeySize> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::byte>(i * 29 + 3);
    return crypto::AuthKey(bytes);
  }();
  return key;
}

inline constexpr std::int64_t kStartSeconds = 1'700'000'000;

// The local clock of a run. Its wall clock moves both ways, by small and large
// steps, but stays between 2023 and 2083 (past 2038, where msg_id seconds are
// clamped) so that no Time arithmetic, peer offsets included, can overflow.
// Its monotonic clock moves forward by the size of every step, whichever way
// the wall clock went, for a century at most (deadlines past it still fit).
class Clock {
 public:
  Time now() const noexcept { return now_; }
  Time latest() const noexcept { return latest_; }
  Now reading() const noexcept { return {now_, mono_}; }
  void step(Script& s) {
    using namespace std::chrono;
    const std::uint8_t how = s.u8();
    const std::int64_t n = s.u16();
    const std::int64_t ms = how % 4 == 0   ? n
                            : how % 4 == 1 ? n * 1000
                            : how % 4 == 2 ? n * 60'000
                                           : n * 3'600'000;
    mono_ = std::min(mono_ + milliseconds(ms), kMonoLast);
    set(now_ + milliseconds((how & 4) != 0 ? -ms : ms));
  }
  // Time passes until the monotonic clock reaches t, if it is ahead.
  void pass_until(Instant t) {
    t = std::min(t, kMonoLast);
    if (t <= mono_) return;
    const auto by = t - mono_;
    mono_ = t;
    set(now_ + std::chrono::duration_cast<Time::duration>(by));
  }
  // A peer's clock offset in seconds, small or wild, kept within ±60 years.
  static std::int32_t skew(Script& s) {
    const std::uint8_t how = s.u8();
    const std::int32_t v = how % 3 == 0   ? static_cast<std::int8_t>(s.u8())
                           : how % 3 == 1 ? static_cast<std::int16_t>(s.u16())
                                          : s.i32();
    constexpr std::int32_t kSixtyYears = 60 * 366 * 86'400;
    return std::clamp(v, -kSixtyYears, kSixtyYears);
  }

 private:
  static constexpr Time kEarliest = Time(std::chrono::seconds(kStartSeconds - 30 * 86'400));
  static constexpr Time kLast = Time(std::chrono::seconds(kStartSeconds + 60LL * 366 * 86'400));
  static constexpr Instant kMonoLast = Instant(std::chrono::seconds(100LL * 366 * 86'400));

  void set(Time t) {
    now_ = std::clamp(t, kEarliest, kLast);
    latest_ = std::max(latest_, now_);
  }

  Time now_ = Time(std::chrono::seconds(kStartSeconds));
  Time latest_ = now_;
  Instant mono_{};
};

// constructor ‖ n zero bytes (rounded to 4): compresses to almost nothing, so
// gzip_packed of it reaches the inflate caps from a tiny input.
inline tl::Bytes blob(std::uint32_t constructor, std::size_t n) {
  tl::Bytes out;
  {
    tl::Writer w(out);
    w.write_u32(constructor);
  }
  out.resize(out.size() + n / 4 * 4);
  return out;
}

// gzip_packed around body, or (per mode) left alone, around fuzzer bytes taken
// as the deflate stream, or nested twice, which no reader may accept.
inline tl::Bytes maybe_gzip(Script& s, tl::Bytes body) {
  switch (s.u8() % 6) {
    case 0:
      return write_gzip_packed(body);
    case 1: {
      tl::Bytes out;
      {
        tl::Writer w(out);
        w.write_u32(ids::gzip_packed);
        w.write_bytes(s.bytes());
      }
      return out;
    }
    case 2:
      return write_gzip_packed(write_gzip_packed(body));
    default:
      return body;
  }
}

// Mostly one of ids, the latest ones likelier; sometimes 0 or any value, to
// name what was never sent.
inline std::int64_t pick(Script& s, const std::vector<std::int64_t>& ids) {
  const std::uint8_t how = s.u8();
  if (!ids.empty() && how < 0xf0) {
    const std::size_t back = how < 0xc0 ? how % 16 : s.u16();
    return ids[ids.size() - 1 - back % ids.size()];
  }
  return how % 2 == 0 ? 0 : s.i64();
}

// Up to max ids chosen by pick_one, for msgs_ack, msg_resend_req and the like.
template <class Pick>
std::vector<std::int64_t> ids_from(Script& s, std::size_t max, Pick pick_one) {
  std::vector<std::int64_t> out(s.u16() % (max + 1));
  for (auto& id : out) id = pick_one();
  return out;
}

// Input bytes as a TL string (an rpc_error message, say).
inline std::string text(std::span<const std::byte> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace layer::mtproto::fuzz
