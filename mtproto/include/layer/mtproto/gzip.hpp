// gzip_packed#3072cfa1 packed_data:bytes. Inflating is capped so that a few
// kilobytes of hostile input cannot make the session allocate gigabytes.
#pragma once

#include <cstddef>
#include <span>

#include "layer/mtproto/result.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto {

inline constexpr std::size_t kDefaultMaxInflated = std::size_t{16} << 20;
// Telethon's threshold: smaller content is not worth compressing.
inline constexpr std::size_t kGzipMinSize = 512;

// RFC 1952 gzip (mtime 0). Throws std::bad_alloc only.
tl::Bytes gzip(std::span<const std::byte> data);
// mtproto_errc::gzip_bomb once the output would pass max_output, bad_gzip when
// zlib rejects the stream or it ends early.
Result<tl::Bytes> gunzip(std::span<const std::byte> data, std::size_t max_output = kDefaultMaxInflated);

// Reads a whole gzip_packed object and inflates it. malformed_message when the
// TL framing is wrong; a gzip_packed inside gzip_packed is malformed too.
Result<tl::Bytes> read_gzip_packed(std::span<const std::byte> body,
                                   std::size_t max_output = kDefaultMaxInflated);
tl::Bytes write_gzip_packed(std::span<const std::byte> object);

// The object itself, inflated when it is gzip_packed, copied otherwise.
Result<tl::Bytes> unwrap_gzip(std::span<const std::byte> object,
                              std::size_t max_output = kDefaultMaxInflated);

// The inflated bytes one received packet may still produce, across all its
// messages: each may inflate to per_message, but a container of many
// gzip_packed cannot add up to more than the packet's total. Objects that are
// not gzip_packed cost nothing: they are bounded by the packet itself.
class InflateBudget {
 public:
  InflateBudget(std::size_t per_message, std::size_t per_packet) noexcept
      : per_message_(per_message), left_(per_packet) {}
  // read_gzip_packed and unwrap_gzip within what is left; gzip_bomb past it.
  Result<tl::Bytes> read_packed(std::span<const std::byte> body);
  Result<tl::Bytes> unwrap(std::span<const std::byte> object);
  std::size_t left() const noexcept { return left_; }

 private:
  std::size_t per_message_;
  std::size_t left_;
};

// Telethon's rule: content-related objects over 512 bytes are sent as
// gzip_packed when that is smaller; everything else goes as is.
tl::Bytes gzip_if_smaller(std::span<const std::byte> object, bool content_related);

}  // namespace layer::mtproto
