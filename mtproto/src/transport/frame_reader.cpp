#include "layer/mtproto/transport/frame_reader.hpp"

#include <algorithm>

namespace layer::mtproto::transport {

Result<Decoded> FrameReader::decode(std::span<std::byte> in, FrameParser& parser) {
  if (failed_) return failed_;
  if (body_lent_) {
    body_.clear();
    body_lent_ = false;
  }
  std::size_t used = 0;
  if (!have_header_) {
    if (!read_header(in, used, parser)) return Decoded{in.size(), std::nullopt};
    auto size = parser.body_size({head_.data(), head_len_});
    if (!size) return fail(size.error());
    body_size_ = *size;
    have_header_ = true;
  }
  const auto rest = in.subspan(used);
  if (body_.empty() && rest.size() >= body_size_) {
    return finish(used + body_size_, parser, rest.first(body_size_));
  }
  // Reserve only what arrived: the declared size was checked, but a peer that
  // stalls should not make us allocate the whole body up front.
  const auto take = std::min(body_size_ - body_.size(), rest.size());
  body_.insert(body_.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(take));
  used += take;
  if (body_.size() < body_size_) return Decoded{used, std::nullopt};
  body_lent_ = true;
  return finish(used, parser, body_);
}

bool FrameReader::read_header(std::span<const std::byte> in, std::size_t& used, const FrameParser& parser) {
  for (;;) {
    const auto need = parser.header_size({head_.data(), head_len_});
    if (head_len_ >= need) return true;
    if (used == in.size()) return false;
    const auto take = std::min(need - head_len_, in.size() - used);
    std::copy_n(in.begin() + static_cast<std::ptrdiff_t>(used), take,
                head_.begin() + static_cast<std::ptrdiff_t>(head_len_));
    head_len_ += take;
    used += take;
  }
}

Result<Decoded> FrameReader::finish(std::size_t used, FrameParser& parser, std::span<std::byte> body) {
  auto frame = parser.make_frame({head_.data(), head_len_}, body);
  if (!frame) return fail(frame.error());
  head_len_ = 0;
  have_header_ = false;
  return Decoded{used, std::move(*frame)};
}

std::error_code FrameReader::fail(std::error_code ec) noexcept {
  failed_ = ec;
  return ec;
}

}  // namespace layer::mtproto::transport
