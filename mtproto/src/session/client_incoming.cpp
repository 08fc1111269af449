// ClientSession's side of incoming packets: the checks, containers, gzip,
// rpc_result and the dispatch of service messages.
#include <utility>

#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto {
namespace {

namespace types = tl::types;

}  // namespace

// Every check runs before the packet is accepted, so a packet refused for any
// reason (time, container) leaves no msg_id behind in the replay window.
std::error_code ClientSession::on_received(std::span<std::byte> packet, Now now) {
  last_now_ = now;
  auto message = session_.peek(packet, now.wall);
  if (!message) return message.error();
  if (message->session_id != session_.session_id()) {
    // Of the session given up: its requests were settled when it was.
    notices_.push_back(UnmatchedMessageEvent{message->msg_id, message->session_id,
                                             tl::Bytes(message->body.begin(), message->body.end())});
    return {};
  }
  auto items = flatten_message({message->msg_id, message->seq_no, message->body});
  if (!items) return items.error();
  if (constructor_of(message->body) == ids::msg_container) {
    if (auto ec = check_container(*items, message->msg_id)) return ec;
  }
  for (const auto& m : *items) {
    if (!made_by(m.msg_id, Side::server)) return make_error_code(mtproto_errc::bad_msg_id_parity);
  }
  if (check_time_) {
    auto ec = check_times(*message, *items, now.wall);
    // An authentic packet from ahead of our clock cannot be a replay (a replay
    // comes from the past): the server's clock is ahead of ours, and while our
    // ids stay within its 300 s this packet may be the only word of it we get.
    if (ec == mtproto_errc::msg_id_too_new) {
      session_.set_time_offset(time_offset_from(message->msg_id, now.wall), now.wall);
      ec = check_times(*message, *items, now.wall);
    }
    if (ec && !corrects_time(*items)) return ec;
  }
  session_.accept(*message);
  packet_msg_id_ = message->msg_id;
  inflate_ = InflateBudget(options_.max_inflated, options_.max_inflated_per_packet);
  for (const auto& m : *items) handle(m, now);
  if (std::exchange(new_session_due_, false)) start_new_session(now.wall);
  return {};
}

// The outer msg_id and every inner one against the clock: a container of
// fresh id is no licence for stale messages inside it.
std::error_code ClientSession::check_times(const Message& message, std::span<const ContainedMessage> items,
                                           Time now) const {
  if (auto ec = session_.check_time(message.msg_id, now)) return ec;
  for (const auto& m : items) {
    if (auto ec = session_.check_time(m.msg_id, now)) return ec;
  }
  return {};
}

// A packet outside the time window is still taken when it tells us our clock is
// wrong about a message we really sent: that is the only way to learn the offset.
bool ClientSession::corrects_time(std::span<const ContainedMessage> items) const {
  for (const auto& m : items) {
    if (constructor_of(m.body) != types::BadMsgNotification::ID) continue;
    auto b = tl::try_deserialize<types::BadMsgNotification>(m.body);
    if (b && (b->error_code == 16 || b->error_code == 17) && knows_sent(b->bad_msg_id)) return true;
  }
  return false;
}

void ClientSession::handle(const ContainedMessage& m, Now now) {
  // Acknowledged even when it cannot be read: the event carries its bytes, and
  // the server resending it would not make it readable.
  if (m.seq_no % 2 != 0) service_.ack(m.msg_id, now.mono);
  // The server resends what it thinks we missed; act on each message once.
  if (seen_.check(m.msg_id)) return;
  seen_.insert(m.msg_id);
  if (constructor_of(m.body) != ids::gzip_packed) return dispatch(m, now);
  auto inflated = inflate_.read_packed(m.body);
  if (!inflated) return undecoded(m, inflated.error());
  dispatch({m.msg_id, m.seq_no, *inflated}, now);
}

void ClientSession::dispatch(const ContainedMessage& m, Now now) {
  switch (constructor_of(m.body)) {
    case ids::rpc_result:
      return on_rpc_result(m, now.wall);
    case types::MsgsAck::ID:
      // An ack for a request answered already is normal and needs nothing.
      if (auto a = tl::try_deserialize<types::MsgsAck>(m.body)) {
        for (auto id : a->msg_ids) on_ack(id);
        return;
      }
      break;
    case types::BadServerSalt::ID:
      if (auto b = tl::try_deserialize<types::BadServerSalt>(m.body)) {
        if (!knows_sent(b->bad_msg_id)) return unmatched(m, b->bad_msg_id);
        change_salt(b->new_server_salt);
        requeue_sent_as(b->bad_msg_id);
        return;
      }
      break;
    case types::BadMsgNotification::ID:
      if (auto b = tl::try_deserialize<types::BadMsgNotification>(m.body))
        return on_bad_msg(b->bad_msg_id, b->error_code, m, now.wall);
      break;
    case types::NewSessionCreated::ID:
      return on_new_session(m);
    case types::Pong::ID:
      if (auto p = tl::try_deserialize<types::Pong>(m.body)) {
        if (!answer(p->msg_id, m.body)) unmatched(m, p->msg_id);
        return;
      }
      break;
    case types::FutureSalts::ID:
      return on_future_salts(m, now.wall);
    default:
      return dispatch_info(m, now);
  }
  undecoded(m, mtproto_errc::malformed_message);
}

void ClientSession::dispatch_info(const ContainedMessage& m, Now now) {
  switch (constructor_of(m.body)) {
    case types::MsgDetailedInfo::ID:
      if (auto d = tl::try_deserialize<types::MsgDetailedInfo>(m.body))
        return on_detailed_info(d->msg_id, d->answer_msg_id, now.mono);
      break;
    case types::MsgNewDetailedInfo::ID:
      if (auto d = tl::try_deserialize<types::MsgNewDetailedInfo>(m.body))
        return on_detailed_info(0, d->answer_msg_id, now.mono);
      break;
    case types::MsgResendReq::ID:
      return on_resend_req(m);
    case types::DestroySessionOk::ID:
    case types::DestroySessionNone::ID:
      return on_destroy_session(m);
    case types::MsgsStateReq::ID:
      return on_state_req(m);
    case types::MsgsStateInfo::ID:
      return on_state_info(m);
    case types::MsgsAllInfo::ID:
      if (auto a = tl::try_deserialize<types::MsgsAllInfo>(m.body))
        return apply_states(m, a->msg_ids, a->info);
      break;
    default:
      if (tl::tags::AnyObject::find(constructor_of(m.body)) == nullptr) {
        return undecoded(m, mtproto_errc::unknown_constructor);
      }
      notices_.push_back(UpdatesEvent{m.msg_id, tl::Bytes(m.body.begin(), m.body.end())});
      return;
  }
  undecoded(m, mtproto_errc::malformed_message);
}

void ClientSession::on_rpc_result(const ContainedMessage& m, Time now) {
  auto view = read_rpc_result(m.body);
  if (!view) return undecoded(m, view.error());
  on_ack(view->req_msg_id);
  auto it = by_msg_id_.find(view->req_msg_id);
  if (it == by_msg_id_.end()) return unmatched(m, view->req_msg_id);
  const RequestId id = it->second;
  auto object = inflate_.unwrap(view->result);
  if (!object) return fail(id, object.error());
  if (constructor_of(*object) == types::RpcError::ID) {
    auto error = read_rpc_error(*object);
    if (!error) return fail(id, error.error());
    return finish(id, RpcErrorEvent{id, std::move(*error)});
  }
  if (constructor_of(*object) == types::FutureSalts::ID) store_salts(*object, now);
  finish(id, RpcResultEvent{id, std::move(*object)});
}

bool ClientSession::answer(std::int64_t req_msg_id, std::span<const std::byte> body) {
  auto it = by_msg_id_.find(req_msg_id);
  if (it == by_msg_id_.end()) return false;
  const RequestId id = it->second;
  finish(id, RpcResultEvent{id, tl::Bytes(body.begin(), body.end())});
  return true;
}

void ClientSession::on_ack(std::int64_t msg_id) {
  for (RequestId id : sent_as(msg_id)) requests_.at(id).acked = true;
}

void ClientSession::undecoded(const ContainedMessage& m, std::error_code ec) {
  notices_.push_back(UndecodedMessageEvent{m.msg_id, tl::Bytes(m.body.begin(), m.body.end()), ec});
}

void ClientSession::unmatched(const ContainedMessage& m, std::int64_t refers_to) {
  notices_.push_back(UnmatchedMessageEvent{m.msg_id, refers_to, tl::Bytes(m.body.begin(), m.body.end())});
}

}  // namespace layer::mtproto
