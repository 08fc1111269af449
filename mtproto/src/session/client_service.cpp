// ClientSession's answers to the server's service messages: corrections
// (bad_msg_notification, new_session_created), salts, resend requests, message
// states and destroy_session results.
#include <algorithm>
#include <string>

#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "le.hpp"

namespace layer::mtproto {
namespace {

namespace types = tl::types;

// msgs_state_info status bytes (the low three bits, and the flags above them).
constexpr std::uint8_t kStateUnknown = 1;      // older than anything remembered
constexpr std::uint8_t kStateNotReceived = 2;  // within the remembered range
constexpr std::uint8_t kStateTooHigh = 3;      // newer than anything received
constexpr std::uint8_t kStateReceived = 4;
constexpr std::uint8_t kStateAcked = 8;

}  // namespace

void ClientSession::on_bad_msg(std::int64_t bad_msg_id, std::int32_t code, const ContainedMessage& m,
                               Time now) {
  if (!knows_sent(bad_msg_id)) return unmatched(m, bad_msg_id);
  switch (code) {
    case 16:  // msg_id too low
    case 17:  // msg_id too high: the id of the packet it came in carries the server's clock
      session_.set_time_offset(time_offset_from(packet_msg_id_, now), now);
      if (ids_stuck(bad_msg_id, code, now)) new_session_due_ = true;
      for (RequestId id : sent_as(bad_msg_id)) requests_.at(id).refused_too_high = code == 17;
      break;
    case 32:  // seq_no too low: the server counted more content messages than we did
      session_.set_content_count(session_.content_count() + 32);
      break;
    case 33:  // seq_no too high
      session_.set_content_count(std::max(0, session_.content_count() - 16));
      break;
    case 34:  // even seq_no expected: the server does not take it as content-related
    case 35:  // odd seq_no expected: it does
      if (auto it = by_msg_id_.find(bad_msg_id); it != by_msg_id_.end())
        requests_.at(it->second).content_related = code == 35;
      break;
    case 48:  // wrong salt, without the right one
      return wait_for_salt(bad_msg_id);
    default: {
      const auto hit = sent_as(bad_msg_id);
      for (RequestId id : hit) fail(id, mtproto_errc::bad_msg_notification, code);
      // Service messages refused for good are not sent again; say so.
      if (hit.empty()) unmatched(m, bad_msg_id);
      return;
    }
  }
  requeue_sent_as(bad_msg_id);
}

// set_time_offset lowers the ids as far as the session allows: not below ids
// the server may have taken. If that is not far enough, this session cannot
// send an id the server takes.
bool ClientSession::ids_stuck(std::int64_t bad_msg_id, std::int32_t code, Time now) const {
  const std::int64_t last = session_.last_msg_id();
  // Too high a second time, and every next id is higher still: the server's
  // ids ran ahead of its clock and do not tell it (once may be a borderline
  // id, which the next one just clears).
  const auto hit = sent_as(bad_msg_id);
  const bool again =
      std::any_of(hit.begin(), hit.end(), [&](RequestId id) { return requests_.at(id).refused_too_high; });
  if (code == 17 && again && last >= bad_msg_id) return true;
  const std::int64_t server_seconds = unix_seconds(now) + session_.time_offset();
  return msg_id_seconds(last) > server_seconds + options_.session.max_future.count();
}

// The rest of the packet was handled first, so every request it refused is
// queued again already; what is still out may have run in the old session.
void ClientSession::start_new_session(Time now) {
  const std::int64_t previous = session_.session_id().value_or(0);
  settle_unknown(0);
  for (auto& [id, r] : requests_) r.refused_too_high = false;  // the new session's server speaks anew
  session_.start_new_session(now);
  // The server's ids start again too, and what the old session owed it
  // (acks, state answers, resend requests) means nothing in the new one.
  seen_ = ReplayWindow(options_.seen_window);
  service_ = ServiceOutbox(options_.max_pending_acks, options_.ack_delay);
  notices_.emplace_back(
      SessionRenewedEvent{previous, session_.session_id().value_or(0), session_.time_offset()});
}

void ClientSession::on_new_session(const ContainedMessage& m) {
  auto created = tl::try_deserialize<types::NewSessionCreated>(m.body);
  if (!created) return undecoded(m, mtproto_errc::malformed_message);
  // What we sent before the first message of the new session may or may not
  // have run in the session the server lost.
  settle_unknown(created->first_msg_id);
  change_salt(created->server_salt);
  notices_.emplace_back(SessionResetEvent{created->first_msg_id, created->unique_id});
}

void ClientSession::on_detailed_info(std::int64_t msg_id, std::int64_t answer_msg_id, Instant now) {
  if (msg_id != 0) on_ack(msg_id);
  // Seen: the server only wants an ack. Not seen: ask for the answer again.
  if (seen_.contains(answer_msg_id)) {
    service_.ack(answer_msg_id, now);
  } else {
    service_.want_resend(answer_msg_id);
  }
}

// Keeps the announced salts, switching at once if one is due. False when the
// body is not a future_salts.
bool ClientSession::store_salts(std::span<const std::byte> future_salts, Time now) {
  auto f = tl::try_deserialize<types::FutureSalts>(future_salts);
  if (!f) return false;
  for (const auto& s : f->salts) salts_.add({s.valid_since, s.valid_until, s.salt});
  adopt_due_salt(now);
  return true;
}

void ClientSession::on_future_salts(const ContainedMessage& m, Time now) {
  if (!store_salts(m.body, now)) return undecoded(m, mtproto_errc::malformed_message);
  const auto req_msg_id = detail::load_le<std::int64_t>(m.body, 4);
  if (!answer(req_msg_id, m.body)) unmatched(m, req_msg_id);
}

void ClientSession::on_destroy_session(const ContainedMessage& m) {
  if (m.body.size() != 12) return undecoded(m, mtproto_errc::malformed_message);
  const auto session = detail::load_le<std::int64_t>(m.body, 4);
  for (const auto& [id, r] : requests_) {
    const bool match = r.msg_id != 0 && r.constructor == tl::functions::DestroySession::ID &&
                       r.body.size() == 12 && detail::load_le<std::int64_t>(r.body, 4) == session;
    if (match) return finish(id, RpcResultEvent{id, tl::Bytes(m.body.begin(), m.body.end())});
  }
  unmatched(m, session);
}

void ClientSession::on_resend_req(const ContainedMessage& m) {
  auto r = tl::try_deserialize<types::MsgResendReq>(m.body);
  if (!r) return undecoded(m, mtproto_errc::malformed_message);
  for (auto id : r->msg_ids) {
    if (!requeue_sent_as(id)) unmatched(m, id);
  }
}

void ClientSession::on_state_req(const ContainedMessage& m) {
  auto q = tl::try_deserialize<types::MsgsStateReq>(m.body);
  if (!q) return undecoded(m, mtproto_errc::malformed_message);
  std::string info;
  info.reserve(q->msg_ids.size());
  for (auto id : q->msg_ids) info.push_back(static_cast<char>(state_of(id)));
  service_.send(tl::serialize(types::MsgsStateInfo{m.msg_id, std::move(info)}));
}

// What we know of a server message, as msgs_state_info reports it. Received
// messages count as acknowledged once their ack has gone out; whether one
// needed no ack is not remembered.
std::uint8_t ClientSession::state_of(std::int64_t msg_id) const {
  const std::uint8_t state = seen_.state_of(msg_id);
  if (state == kStateReceived && !service_.ack_pending(msg_id)) return kStateReceived | kStateAcked;
  return state;
}

void ClientSession::on_state_info(const ContainedMessage& m) {
  auto info = tl::try_deserialize<types::MsgsStateInfo>(m.body);
  if (!info) return undecoded(m, mtproto_errc::malformed_message);
  const auto query = service_.take_sent(info->req_msg_id);
  const auto asked = query ? tl::try_deserialize<types::MsgsStateReq>(*query) : std::nullopt;
  if (!asked) return unmatched(m, info->req_msg_id);
  apply_states(m, asked->msg_ids, info->info);
}

// msgs_state_info or msgs_all_info about our messages: what the server has is
// acknowledged, what it certainly lacks goes again. A message it no longer
// remembers (state 1) may have run: only an idempotent request goes again.
void ClientSession::apply_states(const ContainedMessage& m, std::span<const std::int64_t> ids,
                                 std::string_view info) {
  if (ids.size() != info.size()) return undecoded(m, mtproto_errc::malformed_message);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto state = static_cast<std::uint8_t>(info[i]) & 7;
    if (state == kStateNotReceived || state == kStateTooHigh) requeue_sent_as(ids[i]);
    if (state == kStateReceived) on_ack(ids[i]);
    if (state == kStateUnknown) {
      for (RequestId id : sent_as(ids[i])) {
        if (requests_.at(id).options.idempotent) {
          requeue(id);
        } else {
          fail(id, mtproto_errc::outcome_unknown);
        }
      }
    }
  }
}

}  // namespace layer::mtproto
