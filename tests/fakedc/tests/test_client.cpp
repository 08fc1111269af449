#include "test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <stdexcept>
#include <thread>

#include "key_exchange.hpp"

namespace layer::fakedc::test {
namespace {

namespace asio = boost::asio;
namespace handshake = mtproto::handshake;
using mtproto::transport::Kind;

}  // namespace

TestClient::TestClient(const asio::ip::tcp::endpoint& at, Kind kind, std::function<mtproto::Time()> clock)
    : clock_(clock ? std::move(clock) : [] { return std::chrono::system_clock::now(); }),
      at_(at),
      kind_(kind),
      socket_(io_),
      frames_(kind, rng_) {
  socket_.connect(at);
}

void TestClient::reconnect(std::optional<asio::ip::tcp::endpoint> to) {
  if (to) at_ = *to;
  connect_again(false);
}

void TestClient::add_connection() {
  connect_again(true);
}

void TestClient::connect_again(bool keep_old) {
  if (keep_old) {
    old_socket_.emplace(std::move(socket_));
  } else {
    socket_.close();
  }
  socket_ = asio::ip::tcp::socket(io_);
  socket_.connect(at_);
  frames_ = FrameQueue(kind_, rng_);
  session_->on_disconnect();
}

bool TestClient::wait_for_unread(std::chrono::milliseconds at_most) {
  const auto until = std::chrono::steady_clock::now() + at_most;
  while (socket_.available() == 0) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

void TestClient::reconnect_with_new_session() {
  const std::int64_t salt = session_->session().salt();
  reconnect();
  open_session(*key_, salt);
}

void TestClient::new_session_here() {
  open_session(*key_, session_->session().salt());
}

void TestClient::send(std::span<const std::byte> packet, bool quick_ack) {
  asio::write(socket_, asio::buffer(frames_.encode(packet, quick_ack)));
}

std::optional<Received> TestClient::receive() {
  for (;;) {
    if (auto received = frames_.next()) return received;
    const auto room = frames_.room();
    boost::system::error_code ec;
    const std::size_t n = socket_.read_some(asio::buffer(room.data(), room.size()), ec);
    if (ec) return std::nullopt;
    frames_.filled(n);
  }
}

handshake::Done TestClient::handshake(const crypto::RsaPublicKey& key, std::int32_t dc_id,
                                      std::optional<std::int32_t> expires_in) {
  KeyExchange exchange({.keys = {key}, .dc_id = dc_id, .expires_in = expires_in}, rng_);
  for (;;) {
    send(exchange.request(now()));
    const auto answer = receive();
    if (!answer || answer->transport_error != 0) throw std::runtime_error("no answer to a plain message");
    if (auto done = exchange.on_answer(answer->packet, now())) {
      open_session(done->auth_key, done->first_salt);
      return std::move(*done);
    }
  }
}

void TestClient::open_session(const crypto::AuthKey& key, std::int64_t salt) {
  key_ = key;
  session_.emplace(key, salt, 0, rng_);
}

void TestClient::flush_output() {
  while (auto packet = session_->take_output(now(), quick_acks_wanted_)) send(*packet, quick_acks_wanted_);
}

void TestClient::pump() {
  flush_output();
  auto answer = receive();
  if (!answer) throw std::runtime_error("the server closed the connection");
  if (answer->transport_error != 0) {
    throw std::runtime_error("transport error " + std::to_string(answer->transport_error));
  }
  if (answer->quick_ack) {
    session_->on_quick_ack(*answer->quick_ack);
  } else if (const auto ec = session_->on_received(answer->packet, now())) {
    throw std::system_error(ec);
  }
  while (auto outcome = session_->next_outcome()) outcomes_.push_back(std::move(*outcome));
  while (auto notice = session_->next_notice()) {
    if (auto* update = std::get_if<mtproto::UpdatesEvent>(&*notice))
      updates_.push_back(std::move(update->body));
    if (auto* ack = std::get_if<mtproto::QuickAckEvent>(&*notice)) quick_acks_.push_back(std::move(*ack));
    if (std::holds_alternative<mtproto::SessionResetEvent>(*notice)) ++session_resets_;
    if (std::holds_alternative<mtproto::UnmatchedMessageEvent>(*notice)) ++unmatched_;
    if (std::holds_alternative<mtproto::UnmatchedQuickAckEvent>(*notice)) ++unmatched_quick_acks_;
  }
}

mtproto::RequestId TestClient::start(tl::Bytes request) {
  const auto id = session_->enqueue(std::move(request));
  flush_output();
  return id;
}

mtproto::Outcome TestClient::wait(mtproto::RequestId id) {
  for (;;) {
    for (auto it = outcomes_.begin(); it != outcomes_.end(); ++it) {
      const bool ours = std::visit(
          [&](const auto& e) {
            if constexpr (requires { e.request; }) return e.request == id;
            return false;
          },
          *it);
      if (ours) {
        auto event = std::move(*it);
        outcomes_.erase(it);
        return event;
      }
    }
    pump();
  }
}

tl::Bytes TestClient::next_update() {
  while (updates_.empty()) pump();
  auto update = std::move(updates_.front());
  updates_.pop_front();
  return update;
}

}  // namespace layer::fakedc::test
