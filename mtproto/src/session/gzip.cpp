#include "layer/mtproto/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <new>

#include "layer/mtproto/container.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/tl/codec.hpp"

namespace layer::mtproto {
namespace {

constexpr int kGzipWindow = 15 + 16;        // deflate window plus gzip framing
constexpr int kAutoDetectWindow = 15 + 32;  // gzip or zlib header, whichever is there
constexpr std::size_t kChunk = 64 * 1024;

Bytef* as_z(const std::byte* p) {
  return reinterpret_cast<Bytef*>(const_cast<std::byte*>(p));
}

}  // namespace

tl::Bytes gzip(std::span<const std::byte> data) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindow, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::bad_alloc();
  }
  tl::Bytes out(deflateBound(&z, static_cast<uLong>(data.size())));
  z.next_in = as_z(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = as_z(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  // deflateBound guarantees one Z_FINISH call completes.
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

Result<tl::Bytes> gunzip(std::span<const std::byte> data, std::size_t max_output) {
  if (data.size() > UINT_MAX) return make_error_code(mtproto_errc::bad_gzip);
  z_stream z{};
  if (inflateInit2(&z, kAutoDetectWindow) != Z_OK) throw std::bad_alloc();
  z.next_in = as_z(data.data());
  z.avail_in = static_cast<uInt>(data.size());
  tl::Bytes out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (out.size() == max_output) break;
    const std::size_t at = out.size();
    // The output buffer never outgrows the cap, whatever the ratio.
    out.resize(std::min(max_output, at + std::max(kChunk, at)));
    z.next_out = as_z(out.data() + at);
    z.avail_out = static_cast<uInt>(out.size() - at);
    rc = inflate(&z, Z_NO_FLUSH);
    out.resize(at + (out.size() - at - z.avail_out));
  }
  inflateEnd(&z);
  if (rc == Z_STREAM_END) return out;
  if (rc == Z_OK && out.size() == max_output) return make_error_code(mtproto_errc::gzip_bomb);
  return make_error_code(mtproto_errc::bad_gzip);
}

Result<tl::Bytes> read_gzip_packed(std::span<const std::byte> body, std::size_t max_output) {
  std::span<const std::byte> packed;
  try {
    tl::Reader r(body);
    if (r.read_u32() != ids::gzip_packed) return make_error_code(mtproto_errc::malformed_message);
    packed = r.read_bytes_view();
    if (r.remaining() != 0) return make_error_code(mtproto_errc::malformed_message);
  } catch (const tl::DecodeError&) {
    return make_error_code(mtproto_errc::malformed_message);
  }
  auto inflated = gunzip(packed, max_output);
  if (inflated && constructor_of(*inflated) == ids::gzip_packed)
    return make_error_code(mtproto_errc::malformed_message);
  return inflated;
}

tl::Bytes write_gzip_packed(std::span<const std::byte> object) {
  tl::Bytes out;
  tl::Writer w(out);
  w.write_u32(ids::gzip_packed);
  w.write_bytes(gzip(object));
  w.finish();
  return out;
}

Result<tl::Bytes> unwrap_gzip(std::span<const std::byte> object, std::size_t max_output) {
  if (constructor_of(object) == ids::gzip_packed) return read_gzip_packed(object, max_output);
  return tl::Bytes(object.begin(), object.end());
}

Result<tl::Bytes> InflateBudget::read_packed(std::span<const std::byte> body) {
  auto inflated = read_gzip_packed(body, std::min(per_message_, left_));
  if (inflated) left_ -= inflated->size();
  return inflated;
}

Result<tl::Bytes> InflateBudget::unwrap(std::span<const std::byte> object) {
  if (constructor_of(object) == ids::gzip_packed) return read_packed(object);
  return tl::Bytes(object.begin(), object.end());
}

tl::Bytes gzip_if_smaller(std::span<const std::byte> object, bool content_related) {
  if (content_related && object.size() > kGzipMinSize) {
    tl::Bytes packed = write_gzip_packed(object);
    if (packed.size() < object.size()) return packed;
  }
  return tl::Bytes(object.begin(), object.end());
}

}  // namespace layer::mtproto
