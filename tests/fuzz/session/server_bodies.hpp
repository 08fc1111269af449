// The messages the scripted server of fuzz_client_session_stateful sends: every
// service message a ClientSession reads, naming mostly msg_ids the client
// really sent (so the paths behind the lookups run), answers of every shape,
// gzip_packed around any of them, and garbage.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "layer/mtproto/container.hpp"
#include "layer/tl/codec.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "script.hpp"

namespace layer::mtproto::fuzz {

// What the server has learned from the client's packets.
struct ClientSeen {
  std::vector<std::int64_t> ids;         // every msg_id the client sent, containers included
  std::vector<std::int64_t> server_ids;  // every msg_id the server sent
  // The client's msgs_state_req: msg_id and how many ids it asks about, so an
  // answer of the right length can be written.
  std::vector<std::pair<std::int64_t, std::size_t>> state_reqs;
};

class ServerBodies {
 public:
  ServerBodies(Script& s, const ClientSeen& seen, std::int64_t session_id)
      : s_(s), seen_(seen), session_id_(session_id) {}

  // One message body; server_time is the server's clock in seconds.
  tl::Bytes message(std::int32_t server_time) { return maybe_gzip(s_, plain_message(server_time)); }

 private:
  static constexpr std::array<std::int32_t, 11> kBadMsgCodes{16, 17, 18, 19, 20, 32, 33, 34, 35, 48, 64};

  std::int64_t client_id() { return pick(s_, seen_.ids); }
  std::int64_t server_id() { return pick(s_, seen_.server_ids); }
  std::int32_t bad_msg_code() { return s_.u8() < 0xf0 ? s_.one_of(kBadMsgCodes) : s_.i32(); }

  tl::Bytes plain_message(std::int32_t server_time) {
    namespace t = tl::types;
    switch (s_.u8() % 18) {
      case 0: {
        const std::int64_t req = client_id();
        tl::Bytes out;
        write_rpc_result(out, req, maybe_gzip(s_, result(server_time)));
        return out;
      }
      case 1:
        return tl::serialize(t::BadMsgNotification{client_id(), s_.i32(), bad_msg_code()});
      case 2:
        return tl::serialize(t::BadServerSalt{client_id(), s_.i32(), 48, s_.i64()});
      case 3:
        return tl::serialize(t::NewSessionCreated{client_id(), s_.i64(), s_.i64()});
      case 4:
        return tl::serialize(t::MsgsAck{ids_from(s_, 64, [&] { return client_id(); })});
      case 5:
        return tl::serialize(t::MsgDetailedInfo{client_id(), server_id(), s_.i32(), s_.i32()});
      case 6:
        return tl::serialize(t::MsgNewDetailedInfo{server_id(), s_.i32(), s_.i32()});
      case 7:
        return tl::serialize(t::MsgResendReq{ids_from(s_, 16, [&] { return client_id(); })});
      case 8:
        return tl::serialize(t::MsgsStateReq{ids_from(s_, 16, [&] { return server_id(); })});
      case 9:
        return state_info();
      case 10: {
        auto ids = ids_from(s_, 16, [&] { return client_id(); });
        const std::size_t n = ids.size();
        return tl::serialize(t::MsgsAllInfo{std::move(ids), states(n)});
      }
      case 11:
        return future_salts(client_id(), server_time);
      case 12:
        return tl::serialize(t::Pong{client_id(), s_.i64()});
      case 13: {
        const std::int64_t session = s_.flag() ? session_id_ : s_.i64();
        return s_.flag() ? tl::serialize(t::DestroySessionOk{session})
                         : tl::serialize(t::DestroySessionNone{session});
      }
      case 14:
        return tl::serialize(t::UpdatesTooLong{});
      case 15:
        return blob(t::UpdatesTooLong::ID, std::size_t{s_.u16()} * 64);
      case 16: {
        // A container inside the container: the whole packet must be refused.
        tl::Bytes out;
        const auto inner = tl::serialize(t::UpdatesTooLong{});
        write_container(out, std::vector<ContainedMessage>{{server_id(), 1, inner}});
        return out;
      }
      default: {
        const auto raw = s_.bytes();
        return {raw.begin(), raw.end()};
      }
    }
  }

  // The object inside an rpc_result.
  tl::Bytes result(std::int32_t server_time) {
    namespace t = tl::types;
    switch (s_.u8() % 7) {
      case 0:
        return tl::serialize(t::Pong{client_id(), s_.i64()});
      case 1: {
        static constexpr std::array<const char*, 5> kMessages{"FLOOD_WAIT_17", "FILE_PART_3_MISSING",
                                                              "INTERNAL", "", "AUTH_KEY_UNREGISTERED"};
        const std::int32_t code = s_.i32();
        return tl::serialize(t::RpcError{code, s_.u8() < 0xf0 ? s_.one_of(kMessages) : text(s_.bytes())});
      }
      case 2:
        return future_salts(client_id(), server_time);
      case 3:
        return blob(tl::bool_true_id, std::size_t{s_.u16()} * 64);
      case 4:
        return tl::serialize(t::DestroySessionOk{session_id_});
      case 5:
        return blob(tl::bool_true_id, 0);
      default: {
        const auto raw = s_.bytes();
        return {raw.begin(), raw.end()};
      }
    }
  }

  tl::Bytes future_salts(std::int64_t req_msg_id, std::int32_t server_time) {
    namespace t = tl::types;
    // Up to a few more than SaltSchedule keeps, around the server's clock.
    std::vector<t::FutureSalt> salts(s_.u8() % 72);
    for (auto& salt : salts) {
      const std::int32_t since = server_time + static_cast<std::int16_t>(s_.u16());
      salt = {since, since + s_.u16(), s_.i64()};
    }
    return tl::serialize(t::FutureSalts{req_msg_id, server_time, std::move(salts)});
  }

  // msgs_state_info, mostly for a msgs_state_req the client did send and with
  // as many states as it asked about.
  tl::Bytes state_info() {
    std::int64_t req = client_id();
    std::size_t n = s_.u8() % 16;
    if (!seen_.state_reqs.empty() && s_.flag()) {
      const auto& asked = seen_.state_reqs[seen_.state_reqs.size() - 1 - s_.u8() % seen_.state_reqs.size()];
      req = asked.first;
      n = asked.second;
    }
    return tl::serialize(tl::types::MsgsStateInfo{req, states(n)});
  }

  // n msgs_state_info status bytes: each of the states, with flags above.
  std::string states(std::size_t n) {
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(s_.u8() < 0xe0 ? 1 + s_.u8() % 4 : s_.u8());
    return out;
  }

  Script& s_;
  const ClientSeen& seen_;
  std::int64_t session_id_;
};

}  // namespace layer::mtproto::fuzz
