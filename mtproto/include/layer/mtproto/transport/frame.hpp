// What a decoder hands back: one frame per call, plus how much input it took.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <system_error>

#include "layer/mtproto/transport/errors.hpp"

namespace layer::mtproto::transport {

// 4 MiB of payload plus room for the MTProto envelope around an upload part.
inline constexpr std::size_t kDefaultMaxPayload = 4 * 1024 * 1024 + 1024;

// Which end of the connection a codec sits on: the same bytes mean different
// things per direction (a high length bit asks for a quick ack client→server
// and is a quick-ack token server→client).
enum class Role { client, server };

enum class FrameKind {
  message,          // an MTProto message
  quick_ack,        // server→client quick-ack token
  transport_error,  // server→client 4-byte negative code
};

struct Frame {
  FrameKind kind = FrameKind::message;
  // message: the payload (padded intermediate: from a bare codec including its
  // padding; ClientTransport and ServerTransport cut it). Points into the
  // caller's input or the decoder's buffer; valid until the next decode() call.
  // Mutable, so that the session decrypts it where it lies, without a copy.
  std::span<std::byte> payload;
  bool quick_ack_requested = false;   // message from a client that set the flag
  std::uint32_t quick_ack_token = 0;  // quick_ack: the token, high bit set
  std::int32_t error_code = 0;        // transport_error: the negative code

  std::error_code error() const noexcept { return error_from_transport_code(error_code); }
};

// decode() takes a prefix of its input. With no frame, it took all of it and
// needs more bytes; after a frame, call again with the rest (even if empty)
// until no frame comes back.
struct Decoded {
  std::size_t consumed = 0;
  std::optional<Frame> frame;
};

struct CodecOptions {
  std::size_t max_payload = kDefaultMaxPayload;
  // Padded intermediate: padding is 0..max_padding random bytes. The spec allows
  // 15; Telethon strips only len % 4, so serve it with 3.
  std::size_t max_padding = 15;
};

// The MTProto packet inside a padded intermediate payload, without the 0..15
// random bytes the sender appended: a plain packet ends where its length field
// says, an encrypted one after its last whole 16-byte block. Other transports
// carry no padding, and their payloads must not be passed here.
std::span<const std::byte> without_padding(std::span<const std::byte> payload) noexcept;

}  // namespace layer::mtproto::transport
