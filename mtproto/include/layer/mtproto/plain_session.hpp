// Unencrypted messages, used only by the key exchange: auth_key_id 0 ‖ msg_id ‖
// length ‖ body. The session makes the msg_ids (time passed in) and checks what
// comes back: zero key id, exact length, and the peer's msg_id parity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "layer/mtproto/clock.hpp"
#include "layer/mtproto/message_id.hpp"
#include "layer/mtproto/result.hpp"
#include "layer/tl/codec.hpp"

namespace layer::mtproto {

struct PlainMessage {
  std::int64_t msg_id = 0;
  std::span<const std::byte> body;  // views the unpacked buffer
};

inline constexpr std::size_t kPlainHeaderSize = 20;

class PlainSession {
 public:
  explicit PlainSession(Side side = Side::client, std::int32_t time_offset = 0) noexcept
      : side_(side), ids_(side, time_offset) {}

  tl::Bytes pack_plain(std::span<const std::byte> body, Time now);
  // A TL object or function; byte buffers take the overload above.
  template <class T>
  requires(!std::is_convertible_v<const T&, std::span<const std::byte>>) tl::Bytes
      pack_plain(const T& request, Time now) {
    tl::Bytes out(kPlainHeaderSize);
    {
      tl::Writer w(out);
      if constexpr (requires { T::ID; }) w.write_u32(T::ID);
      tl::write(w, request);
    }
    finish(out, now);
    return out;
  }

  // mtproto_errc::bad_packet_length (shorter than the header), auth_key_mismatch
  // (key id not 0), bad_plain_message (length field disagrees with the packet or
  // is not 4-aligned), bad_msg_id_parity.
  Result<PlainMessage> unpack_plain(std::span<const std::byte> packet) const;

  MessageIdGenerator& ids() noexcept { return ids_; }

 private:
  void finish(tl::Bytes& out, Time now);

  Side side_;
  MessageIdGenerator ids_;
};

}  // namespace layer::mtproto
