// The messages the scripted client of fuzz_server_session_stateful sends: function
// calls (ping, which the session answers itself, among them), large compressible
// calls, msgs_ack naming the server's msg_ids (floods included), the service
// queries a client may send, gzip_packed of any of them, a container inside the
// container, and garbage.
#pragma once

#include <cstdint>
#include <vector>

#include "layer/mtproto/container.hpp"
#include "layer/tl/codec.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "script.hpp"

namespace layer::mtproto::fuzz {

class ClientBodies {
 public:
  // server_ids: what the server sent, for acks; client_ids: what the client did.
  ClientBodies(Script& s, const std::vector<std::int64_t>& server_ids,
               const std::vector<std::int64_t>& client_ids)
      : s_(s), server_ids_(server_ids), client_ids_(client_ids) {}

  tl::Bytes message() { return maybe_gzip(s_, plain_message()); }

 private:
  // Past max_held_acks as shipped (8192), so a flood really is cut.
  static constexpr std::size_t kMaxAcks = 9000;

  std::int64_t server_id() { return pick(s_, server_ids_); }

  tl::Bytes plain_message() {
    namespace f = tl::functions;
    namespace t = tl::types;
    switch (s_.u8() % 15) {
      case 0:
        return tl::serialize(f::Ping{s_.i64()});
      case 1:
        return tl::serialize(f::PingDelayDisconnect{s_.i64(), s_.i32()});
      case 2:
        return tl::serialize(f::GetFutureSalts{s_.i32()});
      case 3:
        return tl::serialize(f::help::GetConfig{});
      case 4:
        return tl::serialize(
            t::MsgsAck{ids_from(s_, s_.flag() ? kMaxAcks : 64, [&] { return server_id(); })});
      case 5:
        return blob(f::help::GetConfig::ID, std::size_t{s_.u16()} * 64);
      case 6:
        return tl::serialize(t::MsgsStateReq{ids_from(s_, 16, [&] { return server_id(); })});
      case 7:
        return tl::serialize(t::MsgResendReq{ids_from(s_, 16, [&] { return server_id(); })});
      case 8:
        return tl::serialize(f::DestroySession{s_.i64()});
      case 9:
        return tl::serialize(t::HttpWait{s_.i32(), s_.i32(), s_.i32()});
      case 10:
        return tl::serialize(f::RpcDropAnswer{pick(s_, client_ids_)});
      case 11: {
        // A container inside the container.
        tl::Bytes out;
        const auto inner = tl::serialize(f::help::GetConfig{});
        write_container(out, std::vector<ContainedMessage>{{pick(s_, client_ids_), 1, inner}});
        return out;
      }
      case 12: {
        // An msgs_ack whose fields are input bytes: mostly not a valid vector.
        tl::Bytes out = blob(t::MsgsAck::ID, 0);
        const auto raw = s_.bytes();
        out.insert(out.end(), raw.begin(), raw.end());
        return out;
      }
      default: {
        const auto raw = s_.bytes();
        return {raw.begin(), raw.end()};
      }
    }
  }

  Script& s_;
  const std::vector<std::int64_t>& server_ids_;
  const std::vector<std::int64_t>& client_ids_;
};

}  // namespace layer::mtproto::fuzz
