#include "layer/mtproto/server_session.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "outbox.hpp"

namespace layer::mtproto {
namespace {

namespace types = tl::types;

// bad_msg_notification codes, as Telegram numbers them.
constexpr std::int32_t kMsgIdTooLow = 16;
constexpr std::int32_t kMsgIdTooHigh = 17;
constexpr std::int32_t kMsgIdParity = 18;
constexpr std::int32_t kMsgIdTooOldToCheck = 20;
constexpr std::int32_t kSeqNoTooLow = 32;
constexpr std::int32_t kSeqNoTooHigh = 33;
constexpr std::int32_t kEvenSeqNoExpected = 34;
constexpr std::int32_t kOddSeqNoExpected = 35;
constexpr std::int32_t kInvalidContainer = 64;
// Not a Telegram code: a message received before, acknowledged and not served again.
constexpr std::int32_t kDuplicate = 0;
constexpr std::int32_t kServed = -1;

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
      options_(options),
      seen_(options.seen_window),
      rng_(rng) {}

void ServerSession::queue(tl::Bytes body, bool content_related, std::int64_t answers) {
  outgoing_.push_back({std::move(body), content_related, answers});
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
  quick_ack_token_.reset();
  auto message = session_.peek(packet, now);
  if (!message) return message.error();
  auto items = flatten_message({message->msg_id, message->seq_no, message->body});
  if (!items) return items.error();
  session_.accept(*message);
  quick_ack_token_ = message->quick_ack_token;
  const ContainedMessage outer{message->msg_id, message->seq_no, message->body};
  if (constructor_of(message->body) == ids::msg_container && check_container(*items, message->msg_id)) {
    refuse(outer, kInvalidContainer);
    return {};
  }
  if (correct_client(*message, now)) return {};
  inflate_ = InflateBudget(options_.max_inflated, options_.max_inflated_per_packet);
  for (const auto& m : *items) {
    const std::int32_t code = check_message(m, now);
    if (code != kServed) {
      refuse(m, code);
      continue;
    }
    seen_.insert(m.msg_id);
    if (options_.announce_new_session && !announced_) {
      announced_ = true;
      std::array<std::byte, 8> unique;
      rng_.fill(unique);
      std::int64_t unique_id = 0;
      std::memcpy(&unique_id, unique.data(), unique.size());
      outgoing_.push_front(
          {tl::serialize(types::NewSessionCreated{m.msg_id, unique_id, session_.salt()}), true});
    }
    if (m.msg_id > last_msg_id_) {
      last_msg_id_ = m.msg_id;
      last_seq_no_ = m.seq_no;
    }
    handle(m);
  }
  return {};
}

// Each message of a packet on its own: the sender's parity, the clock, the
// ids already received, and a seq_no that fits msg_id order (a lower id may not
// carry a higher seq_no, nor two content-related messages one seq_no) and the
// message's kind (function calls odd, acks even).
std::int32_t ServerSession::check_message(const ContainedMessage& m, Time now) const {
  if (!made_by(m.msg_id, Side::client)) return kMsgIdParity;
  if (options_.check_time) {
    if (const auto ec = session_.check_time(m.msg_id, now))
      return ec == mtproto_errc::msg_id_too_old ? kMsgIdTooLow : kMsgIdTooHigh;
  }
  if (const auto ec = seen_.check(m.msg_id))
    return ec == mtproto_errc::msg_id_replayed ? kDuplicate : kMsgIdTooOldToCheck;
  if (m.seq_no < 0) return kSeqNoTooLow;
  const bool odd = m.seq_no % 2 != 0;
  const std::uint32_t id = constructor_of(m.body);
  if (odd && id == types::MsgsAck::ID) return kEvenSeqNoExpected;
  if (!odd && tl::tags::AnyFunction::find(id) != nullptr) return kOddSeqNoExpected;
  if (last_msg_id_ != 0) {
    const bool same_odd = m.seq_no == last_seq_no_ && odd;
    if (m.msg_id > last_msg_id_ && (m.seq_no < last_seq_no_ || same_odd)) return kSeqNoTooLow;
    if (m.msg_id < last_msg_id_ && (m.seq_no > last_seq_no_ || same_odd)) return kSeqNoTooHigh;
  }
  return kServed;
}

void ServerSession::refuse(const ContainedMessage& m, std::int32_t code) {
  refused_.push_back({m.msg_id, m.seq_no, code});
  if (code != kDuplicate) return send_bad_msg_notification(m.msg_id, m.seq_no, code);
  // The client may have missed the ack, or the answer.
  if (m.seq_no % 2 != 0) acks_.push_back(m.msg_id);
  requeue_held(m.msg_id);
}

void ServerSession::requeue_held(std::int64_t answers) {
  for (auto it = held_.begin(); it != held_.end(); ++it) {
    if (it->answers != answers) continue;
    queue(std::move(it->body), true, answers);
    held_.erase(it);
    return;
  }
}

void ServerSession::resume() {
  for (auto& h : held_) queue(std::move(h.body), true, h.answers);
  held_.clear();
}

void ServerSession::forget_acked(std::span<const std::int64_t> ids) {
  if (held_.empty()) return;
  const std::set<std::int64_t> acked(ids.begin(), ids.end());
  std::erase_if(held_, [&](const Held& h) { return acked.contains(h.msg_id); });
}

std::optional<RefusedMessage> ServerSession::next_refused() {
  if (refused_.empty()) return std::nullopt;
  auto r = refused_.front();
  refused_.pop_front();
  return r;
}

void ServerSession::hold_acks(std::span<const std::int64_t> ids) {
  // A flood of acks keeps only the newest: they matter for the answers still held.
  const std::size_t keep = std::min(ids.size(), options_.max_held_acks);
  client_acks_.insert(client_acks_.end(), ids.end() - static_cast<std::ptrdiff_t>(keep), ids.end());
  while (client_acks_.size() > options_.max_held_acks) client_acks_.pop_front();
}

std::vector<std::int64_t> ServerSession::take_client_acks() {
  std::vector<std::int64_t> out(client_acks_.begin(), client_acks_.end());
  client_acks_.clear();
  return out;
}

// Acknowledged only once readable, so the client never believes the server
// has what it could not read.
void ServerSession::handle(const ContainedMessage& m) {
  auto body = inflate_.unwrap(m.body);
  if (!body) return undecodable(m, body.error());
  if (m.seq_no % 2 != 0) acks_.push_back(m.msg_id);
  const std::uint32_t id = constructor_of(*body);
  if (id == types::MsgsAck::ID) {
    try {
      const auto ack = tl::deserialize<types::MsgsAck>(*body);
      forget_acked(ack.msg_ids);
      hold_acks(ack.msg_ids);
    } catch (const tl::DecodeError&) {
      undecodable({m.msg_id, m.seq_no, *body}, make_error_code(mtproto_errc::malformed_message));
    }
    return;
  }
  if (serve_service(m, *body)) return;
  running_.insert(m.msg_id);
  requests_.push_back({m.msg_id, m.seq_no, std::move(*body)});
}

bool ServerSession::serve_service(const ContainedMessage& m, std::span<const std::byte> body) {
  switch (constructor_of(body)) {
    case tl::functions::Ping::ID:
      if (!options_.answer_ping || body.size() != 12) return false;
      queue(tl::serialize(types::Pong{m.msg_id, tl::deserialize<tl::functions::Ping>(body).ping_id}), false);
      return true;
    case types::MsgsStateReq::ID:
      answer_state_req(m, body);
      return true;
    case tl::functions::RpcDropAnswer::ID:
      answer_drop(m, body);
      return true;
    default:
      return false;
  }
}

void ServerSession::answer_state_req(const ContainedMessage& m, std::span<const std::byte> body) {
  const auto query = tl::try_deserialize<types::MsgsStateReq>(body);
  if (!query) return undecodable(m, make_error_code(mtproto_errc::malformed_message));
  std::string info;
  info.reserve(query->msg_ids.size());
  for (auto id : query->msg_ids) info.push_back(static_cast<char>(seen_.state_of(id)));
  queue(tl::serialize(types::MsgsStateInfo{m.msg_id, std::move(info)}));
}

// rpc_drop_answer: an answer not yet acknowledged is dropped, one still being
// made is dropped when it comes; of anything else nothing is known.
void ServerSession::answer_drop(const ContainedMessage& m, std::span<const std::byte> body) {
  const auto call = tl::try_deserialize<tl::functions::RpcDropAnswer>(body);
  if (!call) return undecodable(m, make_error_code(mtproto_errc::malformed_message));
  tl::enums::RpcDropAnswer answer{types::RpcAnswerUnknown{}};
  if (running_.contains(call->req_msg_id)) {
    dropping_.insert(call->req_msg_id);
    answer = types::RpcAnswerDroppedRunning{};
  }
  auto held =
      std::find_if(held_.begin(), held_.end(), [&](const Held& h) { return h.answers == call->req_msg_id; });
  if (held != held_.end()) {
    answer = types::RpcAnswerDropped{held->msg_id, 0, static_cast<std::int32_t>(held->body.size())};
    held_.erase(held);
  }
  std::erase_if(outgoing_, [&](const Outgoing& o) { return o.answers == call->req_msg_id; });
  tl::Bytes result;
  write_rpc_result(result, m.msg_id, tl::serialize(answer));
  queue(std::move(result));
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
  running_.erase(req_msg_id);
  if (dropping_.erase(req_msg_id) != 0) return;
  tl::Bytes body;
  write_rpc_result(body, req_msg_id, gzip_if_smaller(result, true));
  queue(std::move(body), true, req_msg_id);
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
  for (std::size_t i = 0; i < taken; ++i) {
    Outgoing& o = outgoing_[i];
    if (o.answers != 0) held_.push_back({packed.msg_ids[i], o.answers, std::move(o.body)});
  }
  while (held_.size() > options_.max_held_answers) held_.pop_front();
  outgoing_.erase(outgoing_.begin(), outgoing_.begin() + static_cast<std::ptrdiff_t>(taken));
  return std::move(packed.packet);
}

}  // namespace layer::mtproto
