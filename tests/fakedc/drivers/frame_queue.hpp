// The client end of one connection's framing, without the socket: bytes read
// from the socket go in, whole frames come out, copied; packets to send come
// out framed (and obfuscated). A client reads into room() until next() has a
// frame:
//
//   FrameQueue frames(Kind::intermediate, rng);
//   write(socket, frames.encode(packet));
//   auto received = frames.next();
//   while (!received) {
//     frames.filled(socket.read_some(buffer(frames.room())));
//     received = frames.next();
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "layer/crypto/rng.hpp"
#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::fakedc::test {

// What the server sent: an MTProto packet, a transport error code or a quick ack.
struct Received {
  tl::Bytes packet;
  std::int32_t transport_error = 0;
  std::optional<std::uint32_t> quick_ack;
};

class FrameQueue {
 public:
  // rng draws the obfuscation header and padding and must outlive the queue.
  FrameQueue(mtproto::transport::Kind kind, crypto::Rng& rng);

  // Throws what the transport refuses (a packet over its limit).
  tl::Bytes encode(std::span<const std::byte> packet, bool quick_ack = false);
  // The next frame among the bytes read so far; nothing until more are read.
  // A stream the transport cannot decode throws.
  std::optional<Received> next();
  // Where the next read goes, and how many bytes it put there.
  std::span<std::byte> room();
  void filled(std::size_t n);

 private:
  mtproto::transport::ClientTransport transport_;
  tl::Bytes buffer_;
  // What reads put in buffer_; past it, room() that a failed read left unfilled.
  std::size_t filled_ = 0;
};

}  // namespace layer::fakedc::test
