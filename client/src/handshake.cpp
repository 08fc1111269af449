#include "handshake.hpp"

#include <utility>
#include <variant>

#include "layer/mtproto/plain_session.hpp"

namespace layer::client::detail {
namespace {

namespace asio = boost::asio;
namespace handshake = mtproto::handshake;

// Sends one plain request and returns the body of the plain answer.
asio::awaitable<mtproto::Result<tl::Bytes>> exchange(Connection& connection, std::span<const std::byte> body,
                                                     Clock& clock) {
  mtproto::PlainSession plain;
  tl::Bytes framed;
  if (auto ec = connection.frame(plain.pack_plain(body, clock.now().wall), framed)) co_return ec;
  if (auto ec = co_await connection.write(framed)) co_return ec;
  auto packet = co_await connection.receive();
  if (!packet) co_return packet.error();
  auto message = plain.unpack_plain(*packet);
  if (!message) co_return message.error();
  co_return tl::Bytes(message->body.begin(), message->body.end());
}

}  // namespace

asio::awaitable<mtproto::Result<handshake::Done>> exchange_keys(Connection& connection,
                                                                const KeyExchange& what, crypto::Rng& rng,
                                                                Clock& clock) {
  handshake::ClientOptions options{.dc_id = what.dc_id, .expires_in = what.expires_in};
  options.keys.assign(what.keys.begin(), what.keys.end());
  auto s1 = handshake::step1(std::move(options), rng);
  if (!s1) co_return s1.error();
  auto res_pq = co_await exchange(connection, s1->request.bytes, clock);
  if (!res_pq) co_return res_pq.error();
  auto s2 = handshake::step2(s1->state, *res_pq, rng);
  if (!s2) co_return s2.error();
  auto dh_params = co_await exchange(connection, s2->request.bytes, clock);
  if (!dh_params) co_return dh_params.error();
  auto s3 = handshake::step3(s2->state, *dh_params, rng, clock.now().wall);
  if (!s3) co_return s3.error();
  for (;;) {
    auto answer = co_await exchange(connection, s3->request.bytes, clock);
    if (!answer) co_return answer.error();
    auto outcome = handshake::finish(s3->state, *answer, rng);
    if (!outcome) co_return outcome.error();
    if (auto* done = std::get_if<handshake::Done>(&*outcome)) co_return std::move(*done);
    s3 = std::move(std::get<handshake::Step3>(*outcome));
  }
}

}  // namespace layer::client::detail
