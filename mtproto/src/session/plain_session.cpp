#include "layer/mtproto/plain_session.hpp"

#include <algorithm>

#include "layer/mtproto/errors.hpp"
#include "le.hpp"

namespace layer::mtproto {

void PlainSession::finish(tl::Bytes& out, Time now) {
  std::span<std::byte> packet(out);
  std::fill_n(packet.begin(), 8, std::byte{0});
  detail::store_le(packet, 8, ids_.next(now));
  detail::store_le(packet, 16, static_cast<std::uint32_t>(out.size() - kPlainHeaderSize));
}

tl::Bytes PlainSession::pack_plain(std::span<const std::byte> body, Time now) {
  tl::Bytes out(kPlainHeaderSize + body.size());
  std::copy(body.begin(), body.end(), out.begin() + kPlainHeaderSize);
  finish(out, now);
  return out;
}

Result<PlainMessage> PlainSession::unpack_plain(std::span<const std::byte> packet) const {
  if (packet.size() < kPlainHeaderSize) return make_error_code(mtproto_errc::bad_packet_length);
  if (detail::load_le<std::uint64_t>(packet, 0) != 0) return make_error_code(mtproto_errc::auth_key_mismatch);
  const auto length = detail::load_le<std::uint32_t>(packet, 16);
  if (length != packet.size() - kPlainHeaderSize || length % 4 != 0)
    return make_error_code(mtproto_errc::bad_plain_message);
  PlainMessage m;
  m.msg_id = detail::load_le<std::int64_t>(packet, 8);
  const bool from_server = side_ == Side::client;
  if (from_server ? (m.msg_id & 1) != 1 : (m.msg_id & 3) != 0)
    return make_error_code(mtproto_errc::bad_msg_id_parity);
  m.body = packet.subspan(kPlainHeaderSize);
  return m;
}

}  // namespace layer::mtproto
