#include "layer/mtproto/server_session.hpp"

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "outbox.hpp"

namespace layer::mtproto {
namespace {

namespace types = tl::types;

constexpr std::int32_t kMsgIdTooLow = 16;
constexpr std::int32_t kMsgIdTooHigh = 17;

}  // namespace

ServerSession::ServerSession(crypto::AuthKey key, std::int64_t salt, crypto::Rng& rng,
                             ServerSessionOptions options)
    : session_(std::move(key), salt, 0, rng,
               [&] {
                 auto o = options.session;
                 o.side = Side::server;
                 o.check_time = false;
                 return o;
               }()),
      options_(options) {}

void ServerSession::queue(tl::Bytes body, bool content_related) {
  outgoing_.push_back({std::move(body), content_related});
}

// What a real server does with a well-formed packet from a confused client:
// tell it the right salt or the right time instead of serving it.
bool ServerSession::correct_client(const Message& message, Time now) {
  if (options_.check_time) {
    const auto ec = session_.check_time(message.msg_id, now);
    if (ec) {
      const bool low = ec == mtproto_errc::msg_id_too_old;
      send_bad_msg_notification(message.msg_id, message.seq_no, low ? kMsgIdTooLow : kMsgIdTooHigh);
      return true;
    }
  }
  if (options_.check_salt && message.salt != session_.salt() && message.salt != previous_salt_) {
    send_bad_server_salt(message.msg_id, message.seq_no);
    return true;
  }
  return false;
}

// A packet refused as a whole is not recorded as seen; one answered with a
// correction is, like any other it took.
std::error_code ServerSession::on_received(std::span<std::byte> packet, Time now) {
  auto message = session_.peek(packet, now);
  if (!message) return message.error();
  auto items = flatten_message({message->msg_id, message->seq_no, message->body});
  if (!items) return items.error();
  session_.accept(*message);
  if (correct_client(*message, now)) return {};
  for (const auto& m : *items) handle(m);
  return {};
}

// Acknowledged only once readable, so the client never believes the server
// has what it could not read.
void ServerSession::handle(const ContainedMessage& m) {
  auto body = unwrap_gzip(m.body, options_.max_inflated);
  if (!body) return undecodable(m, body.error());
  if (m.seq_no % 2 != 0) acks_.push_back(m.msg_id);
  const std::uint32_t id = constructor_of(*body);
  if (id == types::MsgsAck::ID) {
    try {
      const auto ack = tl::deserialize<types::MsgsAck>(*body);
      client_acks_.insert(client_acks_.end(), ack.msg_ids.begin(), ack.msg_ids.end());
    } catch (const tl::DecodeError&) {
      undecodable({m.msg_id, m.seq_no, *body}, make_error_code(mtproto_errc::malformed_message));
    }
    return;
  }
  if (options_.answer_ping && id == tl::functions::Ping::ID && body->size() == 12) {
    const auto ping = tl::deserialize<tl::functions::Ping>(*body);
    queue(tl::serialize(types::Pong{m.msg_id, ping.ping_id}), false);
    return;
  }
  requests_.push_back({m.msg_id, m.seq_no, std::move(*body)});
}

void ServerSession::undecodable(const ContainedMessage& m, std::error_code ec) {
  undecodable_.push_back({m.msg_id, m.seq_no, tl::Bytes(m.body.begin(), m.body.end()), ec});
  // Only a content-related message expects an answer.
  if (options_.answer_undecodable && m.seq_no % 2 != 0) reply_error(m.msg_id, 400, "INPUT_FETCH_ERROR");
}

std::optional<UndecodableMessage> ServerSession::next_undecodable() {
  if (undecodable_.empty()) return std::nullopt;
  auto u = std::move(undecodable_.front());
  undecodable_.pop_front();
  return u;
}

std::optional<IncomingRequest> ServerSession::next_request() {
  if (requests_.empty()) return std::nullopt;
  auto r = std::move(requests_.front());
  requests_.pop_front();
  return r;
}

void ServerSession::reply(std::int64_t req_msg_id, std::span<const std::byte> result) {
  tl::Bytes body;
  write_rpc_result(body, req_msg_id, gzip_if_smaller(result, true));
  queue(std::move(body));
}

void ServerSession::reply_error(std::int64_t req_msg_id, std::int32_t code, std::string_view message) {
  reply(req_msg_id, tl::serialize(types::RpcError{code, std::string(message)}));
}

void ServerSession::push_update(std::span<const std::byte> update) {
  queue(gzip_if_smaller(update, true));
}

void ServerSession::send_bad_server_salt(std::int64_t bad_msg_id, std::int32_t bad_seq_no) {
  queue(tl::serialize(types::BadServerSalt{bad_msg_id, bad_seq_no, 48, session_.salt()}), false);
}

void ServerSession::send_bad_msg_notification(std::int64_t bad_msg_id, std::int32_t bad_seq_no,
                                              std::int32_t code) {
  queue(tl::serialize(types::BadMsgNotification{bad_msg_id, bad_seq_no, code}), false);
}

void ServerSession::send_new_session_created(std::int64_t first_msg_id, std::int64_t unique_id) {
  queue(tl::serialize(types::NewSessionCreated{first_msg_id, unique_id, session_.salt()}));
}

void ServerSession::request_resend(std::vector<std::int64_t> msg_ids) {
  queue(tl::serialize(types::MsgResendReq{std::move(msg_ids)}));
}

std::optional<tl::Bytes> ServerSession::take_output(Time now) {
  if (!acks_.empty()) {
    outgoing_.push_front({tl::serialize(types::MsgsAck{std::move(acks_)}), false});
    acks_.clear();
  }
  if (outgoing_.empty()) return std::nullopt;
  std::vector<detail::OutgoingBody> bodies;
  // Same limits as ClientSession: count and bytes of the whole msg_container.
  std::size_t bytes = container_size(0, 0);
  std::size_t taken = 0;
  for (const auto& o : outgoing_) {
    const std::size_t size = o.body.size() + kContainedHeaderSize;
    if (taken == options_.max_container_messages) break;
    if (taken > 0 && bytes + size > options_.max_container_bytes) break;
    bodies.push_back({o.body, o.content_related});
    bytes += size;
    ++taken;
  }
  auto packed = detail::pack_bodies(session_, bodies, now);
  outgoing_.erase(outgoing_.begin(), outgoing_.begin() + static_cast<std::ptrdiff_t>(taken));
  return std::move(packed.packet);
}

}  // namespace layer::mtproto
