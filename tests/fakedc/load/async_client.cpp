#include "async_client.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <system_error>
#include <variant>

#include "key_exchange.hpp"

namespace layer::fakedc::load {
namespace {

namespace asio = boost::asio;

mtproto::Time now() {
  return std::chrono::system_clock::now();
}

// The body of the outcome of request, if event is that outcome; throws when the
// outcome is an error.
std::optional<tl::Bytes> outcome_of(mtproto::Outcome& event, mtproto::RequestId request) {
  if (auto* result = std::get_if<mtproto::RpcResultEvent>(&event); result && result->request == request) {
    return std::move(result->body);
  }
  if (auto* error = std::get_if<mtproto::RpcErrorEvent>(&event); error && error->request == request) {
    throw std::runtime_error("rpc_error " + std::to_string(error->error.code) + " " + error->error.message);
  }
  if (auto* failed = std::get_if<mtproto::RequestFailedEvent>(&event); failed && failed->request == request) {
    throw std::system_error(failed->error, "request failed");
  }
  return std::nullopt;
}

}  // namespace

AsyncClient::AsyncClient(asio::any_io_executor executor, mtproto::transport::Kind kind, crypto::Rng& rng)
    : rng_(rng), wire_(std::move(executor), kind, rng) {}

asio::awaitable<void> AsyncClient::handshake(const crypto::RsaPublicKey& key, std::int32_t dc_id) {
  test::KeyExchange exchange({.keys = {key}, .dc_id = dc_id}, rng_);
  for (;;) {
    co_await wire_.send(exchange.request(now()));
    if (auto done = exchange.on_answer(co_await wire_.receive(), now())) {
      session_.emplace(std::move(done->auth_key), done->first_salt,
                       static_cast<std::int32_t>(done->time_offset.count()), rng_);
      co_return;
    }
  }
}

asio::awaitable<void> AsyncClient::flush() {
  while (auto packet = session_->take_output(now())) co_await wire_.send(*packet);
}

asio::awaitable<tl::Bytes> AsyncClient::call_raw(tl::Bytes request) {
  if (!session_) throw std::logic_error("call before handshake");
  const auto id = session_->enqueue(std::move(request));
  for (;;) {
    co_await flush();
    tl::Bytes packet = co_await wire_.receive();
    if (const auto ec = session_->on_received(packet, now())) throw std::system_error(ec, "bad packet");
    while (auto event = session_->next_outcome()) {
      if (auto body = outcome_of(*event, id)) co_return std::move(*body);
    }
  }
}

}  // namespace layer::fakedc::load
