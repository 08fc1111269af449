// ClientSession's side of incoming packets: containers, rpc_result and the
// service messages that drive acks, salts, time and resends.
#include <optional>

#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "le.hpp"

namespace layer::mtproto {
namespace {

namespace types = tl::types;

template <class T>
std::optional<T> decode(std::span<const std::byte> body) {
  try {
    return tl::deserialize<T>(body);
  } catch (const tl::DecodeError&) {
    return std::nullopt;
  }
}

bool retryable_bad_msg(std::int32_t code) {
  return code == 16 || code == 17 || code == 32 || code == 33 || code == 48;
}

}  // namespace

std::error_code ClientSession::on_received(std::span<std::byte> packet, Time now) {
  auto message = session_.unpack(packet, now);
  if (!message) return message.error();
  auto items = flatten_message({message->msg_id, message->seq_no, message->body});
  if (!items) return items.error();
  if (check_time_) {
    auto ec = session_.check_time(message->msg_id, now);
    if (ec && !corrects_time(*items)) return ec;
  }
  for (const auto& m : *items) handle(m, now);
  return {};
}

bool ClientSession::sent_as(std::int64_t msg_id) const {
  for (const auto& [id, r] : requests_) {
    if (r.msg_id != 0 && (r.msg_id == msg_id || r.container_id == msg_id)) return true;
  }
  return false;
}

// A packet outside the time window is still taken when it tells us our clock is
// wrong about a request we really sent: that is the only way to learn the offset.
bool ClientSession::corrects_time(std::span<const ContainedMessage> items) const {
  for (const auto& m : items) {
    if (constructor_of(m.body) != types::BadMsgNotification::ID) continue;
    auto b = decode<types::BadMsgNotification>(m.body);
    if (b && (b->error_code == 16 || b->error_code == 17) && sent_as(b->bad_msg_id)) return true;
  }
  return false;
}

void ClientSession::queue_ack(std::int64_t msg_id, Time now) {
  if (acks_.empty()) acks_since_ = now;
  acks_.push_back(msg_id);
}

void ClientSession::handle(const ContainedMessage& m, Time now) {
  if (m.seq_no % 2 != 0) queue_ack(m.msg_id, now);
  // The server resends what it thinks we missed; act on each message once.
  if (seen_.check(m.msg_id)) return;
  seen_.insert(m.msg_id);
  if (constructor_of(m.body) != ids::gzip_packed) return dispatch(m, now);
  auto inflated = read_gzip_packed(m.body, options_.max_inflated);
  if (!inflated) return undecoded(m, inflated.error());
  dispatch({m.msg_id, m.seq_no, *inflated}, now);
}

void ClientSession::dispatch(const ContainedMessage& m, Time now) {
  switch (constructor_of(m.body)) {
    case ids::rpc_result:
      return on_rpc_result(m);
    case types::MsgsAck::ID:
      if (auto a = decode<types::MsgsAck>(m.body)) {
        for (auto id : a->msg_ids) on_ack(id);
        return;
      }
      break;
    case types::BadServerSalt::ID:
      if (auto b = decode<types::BadServerSalt>(m.body)) {
        session_.set_salt(b->new_server_salt);
        return requeue_sent_as(b->bad_msg_id);
      }
      break;
    case types::BadMsgNotification::ID:
      if (auto b = decode<types::BadMsgNotification>(m.body))
        return on_bad_msg(b->bad_msg_id, b->error_code, m, now);
      break;
    case types::NewSessionCreated::ID:
      return on_new_session(m);
    case types::Pong::ID:
      if (auto p = decode<types::Pong>(m.body)) {
        answer(p->msg_id, m.body);
        return;
      }
      break;
    case types::FutureSalts::ID:
      if (auto f = decode<types::FutureSalts>(m.body)) {
        answer(f->req_msg_id, m.body);
        return;
      }
      break;
    default:
      return dispatch_info(m, now);
  }
  undecoded(m, mtproto_errc::malformed_message);
}

void ClientSession::dispatch_info(const ContainedMessage& m, Time now) {
  switch (constructor_of(m.body)) {
    case types::MsgDetailedInfo::ID:
      if (auto d = decode<types::MsgDetailedInfo>(m.body))
        return on_detailed_info(d->msg_id, d->answer_msg_id, now);
      break;
    case types::MsgNewDetailedInfo::ID:
      if (auto d = decode<types::MsgNewDetailedInfo>(m.body))
        return on_detailed_info(0, d->answer_msg_id, now);
      break;
    case types::MsgResendReq::ID:
      if (auto r = decode<types::MsgResendReq>(m.body)) {
        for (auto id : r->msg_ids) requeue_sent_as(id);
        return;
      }
      break;
    case types::DestroySessionOk::ID:
    case types::DestroySessionNone::ID: {
      if (m.body.size() != 12) break;
      const auto session = detail::load_le<std::int64_t>(m.body, 4);
      for (const auto& [id, r] : requests_) {
        const bool match = r.constructor == tl::functions::DestroySession::ID && r.body.size() == 12 &&
                           detail::load_le<std::int64_t>(r.body, 4) == session;
        if (match) return finish(id, RpcResultEvent{id, tl::Bytes(m.body.begin(), m.body.end())});
      }
      return;
    }
    case types::MsgsStateInfo::ID:
    case types::MsgsAllInfo::ID:
    case types::MsgsStateReq::ID:
      // We never ask for message states, and answering the server's queries is
      // optional: acknowledging them (done above) is enough.
      return;
    default:
      if (tl::tags::AnyObject::find(constructor_of(m.body)) == nullptr) {
        return undecoded(m, mtproto_errc::unknown_constructor);
      }
      events_.push_back(UpdatesEvent{m.msg_id, tl::Bytes(m.body.begin(), m.body.end())});
      return;
  }
  undecoded(m, mtproto_errc::malformed_message);
}

void ClientSession::on_rpc_result(const ContainedMessage& m) {
  auto view = read_rpc_result(m.body);
  if (!view) return undecoded(m, view.error());
  on_ack(view->req_msg_id);
  auto it = by_msg_id_.find(view->req_msg_id);
  if (it == by_msg_id_.end()) return;  // answered already, or not ours
  const RequestId id = it->second;
  auto object = unwrap_gzip(view->result, options_.max_inflated);
  if (!object) return fail(id, object.error());
  if (constructor_of(*object) == types::RpcError::ID) {
    auto error = read_rpc_error(*object);
    if (!error) return fail(id, error.error());
    return finish(id, RpcErrorEvent{id, std::move(*error)});
  }
  finish(id, RpcResultEvent{id, std::move(*object)});
}

bool ClientSession::answer(std::int64_t req_msg_id, std::span<const std::byte> body) {
  auto it = by_msg_id_.find(req_msg_id);
  if (it == by_msg_id_.end()) return false;
  const RequestId id = it->second;
  finish(id, RpcResultEvent{id, tl::Bytes(body.begin(), body.end())});
  return true;
}

void ClientSession::on_bad_msg(std::int64_t bad_msg_id, std::int32_t code, const ContainedMessage& m,
                               Time now) {
  if (code == 16 || code == 17) {
    // The notification's own id carries the server's clock.
    session_.set_time_offset(time_offset_from(m.msg_id, now), now);
  } else if (code == 32) {
    session_.set_content_count(session_.content_count() + 32);
  } else if (code == 33) {
    session_.set_content_count(std::max(0, session_.content_count() - 16));
  }
  if (retryable_bad_msg(code)) return requeue_sent_as(bad_msg_id);
  std::vector<RequestId> hit;
  for (const auto& [id, r] : requests_) {
    if (r.msg_id != 0 && (r.msg_id == bad_msg_id || r.container_id == bad_msg_id)) hit.push_back(id);
  }
  for (RequestId id : hit) fail(id, mtproto_errc::bad_msg_notification, code);
}

void ClientSession::on_new_session(const ContainedMessage& m) {
  auto created = decode<types::NewSessionCreated>(m.body);
  if (!created) return undecoded(m, mtproto_errc::malformed_message);
  session_.set_salt(created->server_salt);
  // What we sent before the server's first message of the new session is lost.
  std::vector<RequestId> lost;
  for (const auto& [id, r] : requests_) {
    if (r.msg_id != 0 && r.msg_id < created->first_msg_id) lost.push_back(id);
  }
  for (RequestId id : lost) requeue(id);
  events_.push_back(SessionResetEvent{created->first_msg_id, created->unique_id});
}

void ClientSession::on_detailed_info(std::int64_t msg_id, std::int64_t answer_msg_id, Time now) {
  if (msg_id != 0) on_ack(msg_id);
  // Seen: the server only wants an ack. Not seen: ask for the answer again.
  if (seen_.contains(answer_msg_id)) {
    queue_ack(answer_msg_id, now);
  } else {
    resend_wanted_.push_back(answer_msg_id);
  }
}

void ClientSession::on_ack(std::int64_t msg_id) {
  if (auto it = by_msg_id_.find(msg_id); it != by_msg_id_.end()) {
    requests_.at(it->second).acked = true;
    return;
  }
  for (auto& [id, r] : requests_) {
    if (r.msg_id != 0 && (r.msg_id == msg_id || r.container_id == msg_id)) r.acked = true;
  }
}

void ClientSession::undecoded(const ContainedMessage& m, std::error_code ec) {
  events_.push_back(UndecodedMessageEvent{m.msg_id, tl::Bytes(m.body.begin(), m.body.end()), ec});
}

}  // namespace layer::mtproto
