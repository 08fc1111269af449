#include "key_exchange.hpp"

#include <utility>

namespace layer::fakedc::test {

namespace handshake = mtproto::handshake;

KeyExchange::KeyExchange(handshake::ClientOptions options, crypto::Rng& rng) : rng_(rng) {
  advance(handshake::step1(std::move(options), rng_).value());
}

template <class Step>
void KeyExchange::advance(Step step) {
  state_ = std::move(step.state);
  request_ = std::move(step.request.bytes);
}

tl::Bytes KeyExchange::request(mtproto::Time now) {
  return plain_.pack_plain(request_, now);
}

std::optional<handshake::Done> KeyExchange::on_answer(std::span<const std::byte> packet, mtproto::Time now) {
  const auto body = plain_.unpack_plain(packet).value().body;
  if (const auto* s1 = std::get_if<handshake::State1>(&state_)) {
    advance(handshake::step2(*s1, body, rng_).value());
  } else if (const auto* s2 = std::get_if<handshake::State2>(&state_)) {
    advance(handshake::step3(*s2, body, rng_, now).value());
  } else {
    auto outcome = handshake::finish(std::get<handshake::State3>(state_), body, rng_).value();
    if (auto* done = std::get_if<handshake::Done>(&outcome)) return std::move(*done);
    advance(std::get<handshake::Step3>(std::move(outcome)));
  }
  return std::nullopt;
}

}  // namespace layer::fakedc::test
