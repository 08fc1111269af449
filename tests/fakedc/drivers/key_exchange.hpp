// The client's side of the auth key exchange as whole plain packets, for a
// test client that brings its own I/O: the handshake steps in order (and a new
// set_client_DH_params per dh_gen_retry), each request packed as a plain
// message, each answer unpacked. Every failure throws.
//
//   KeyExchange exchange({.keys = {key}, .dc_id = 2}, rng);
//   for (;;) {
//     send(exchange.request(now()));
//     if (auto done = exchange.on_answer(receive(), now())) return *done;
//   }
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <variant>

#include "layer/crypto/rng.hpp"
#include "layer/mtproto/clock.hpp"
#include "layer/mtproto/handshake/client.hpp"
#include "layer/mtproto/plain_session.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::fakedc::test {

class KeyExchange {
 public:
  // rng must outlive the exchange.
  KeyExchange(mtproto::handshake::ClientOptions options, crypto::Rng& rng);

  // The packet that asks the next step, stamped now.
  tl::Bytes request(mtproto::Time now);
  // The key once packet (the answer to request()) completes it; nothing while
  // another request is due.
  std::optional<mtproto::handshake::Done> on_answer(std::span<const std::byte> packet, mtproto::Time now);

 private:
  template <class Step>
  void advance(Step step);

  crypto::Rng& rng_;
  // One for the whole exchange, so that its msg_ids go up.
  mtproto::PlainSession plain_;
  std::variant<mtproto::handshake::State1, mtproto::handshake::State2, mtproto::handshake::State3> state_;
  tl::Bytes request_;
};

}  // namespace layer::fakedc::test
