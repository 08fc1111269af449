// fuzz_client_session_stateful: one ClientSession through a whole script of
// steps. The input sets the session's limits, then each step is one of:
// enqueue a request (pings, salts, destroy_session, an API call, a large
// compressible body, raw bytes), take_output, move the clock (the wall clock
// both ways, small and large; the monotonic one forward), feed a packet from a
// scripted server (one message or a container of service messages, answers,
// gzip_packed and garbage, naming mostly the msg_ids the client really sent;
// msg_ids from the server's generator or chosen), replay or corrupt the last
// packet, on_disconnect, request_state, on_timeout (or wake at next_deadline),
// or shift the server's clock. The client's packets are opened by a
// server-side EncryptedSession sharing the key.
//
// Invariants, checked at every step:
//  - every client packet decrypts; its containers keep the container rules;
//  - every msg_id the client sends (messages and containers) is positive,
//    divisible by 4 and never sent before in the session's life (a new
//    session the client starts, SessionRenewedEvent, is followed by the
//    scripted server and starts afresh);
//  - each RequestId gets at most one outcome, and an outcome names an id enqueue
//    returned: never one of the session's own requests (events.hpp);
//  - a request is is_pending exactly until its outcome is reported.
// At the end everything queued is sent and the clock jumps past every deadline
// (every request has a timeout): then each request has had exactly one outcome.
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <variant>

#include "layer/crypto/rng.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"
#include "script.hpp"
#include "server_bodies.hpp"

namespace {

using namespace layer;
using namespace layer::mtproto;
using fuzz::violated;

constexpr std::size_t kMaxSteps = 2048;
constexpr std::size_t kMaxRequests = 256;
constexpr std::int64_t kSalt = 0x5a175a17;

struct Setup {
  ClientSessionOptions options;
  std::int32_t time_offset = 0;
};

// Limits from the input; a zero byte keeps the default, so a short script runs
// the session as shipped.
Setup setup(fuzz::Script& s) {
  Setup out;
  auto& o = out.options;
  auto set = [&](auto& field, auto value_of) {
    if (const std::uint8_t b = s.u8(); b != 0) field = value_of(b);
  };
  set(o.session.check_time, [](std::uint8_t b) { return b % 4 != 0; });
  set(o.session.replay_window, [](std::uint8_t b) { return std::size_t{b} * 8; });
  set(o.session.max_extra_padding_blocks, [](std::uint8_t b) { return unsigned{b} % 63; });
  set(o.max_inflated, [](std::uint8_t b) { return std::size_t{1} << (8 + b % 17); });
  set(o.max_inflated_per_packet, [](std::uint8_t b) { return std::size_t{1} << (8 + b % 17); });
  set(o.max_pending_acks, [](std::uint8_t b) { return std::size_t{b} % 32 + 1; });
  set(o.ack_delay, [](std::uint8_t b) { return std::chrono::milliseconds(b * 8); });
  set(o.max_container_messages, [](std::uint8_t b) { return std::size_t{b} % 16 + 1; });
  set(o.max_container_bytes, [](std::uint8_t b) { return std::size_t{1} << (8 + b % 13); });
  set(o.seen_window, [](std::uint8_t b) { return std::size_t{b} * 4; });
  out.time_offset = static_cast<std::int8_t>(s.u8());
  return out;
}

EncryptedSessionOptions server_side(const ClientSession& client) {
  EncryptedSessionOptions o;
  o.side = Side::server;
  o.session_id = client.session().session_id();
  o.check_time = false;
  return o;
}

class Harness {
 public:
  explicit Harness(fuzz::Script& s) : Harness(s, setup(s)) {}

  void run() {
    for (std::size_t step = 0; step < kMaxSteps && !s_.done(); ++step) {
      this->step();
      drain_events();
      check_pending();
    }
    finish();
  }

 private:
  Harness(fuzz::Script& s, const Setup& setup)
      : s_(s),
        client_(fuzz::fuzz_key(), kSalt, setup.time_offset, client_rng_, setup.options),
        server_(std::in_place, fuzz::fuzz_key(), kSalt, 0, server_rng_, server_side(client_)),
        observer_(std::in_place, fuzz::fuzz_key(), kSalt, 0, server_rng_, server_side(client_)) {}

  void step() {
    const Time now = clock_.now();
    switch (s_.u8() % 15) {
      case 0:
      case 1:
        return enqueue();
      case 2:
        return take_output(64);
      case 3:
        return take_output(1);
      case 4:
        return clock_.step(s_);
      case 5:
      case 6:
        return feed(server_packet());
      case 7:
        return feed(last_packet_);
      case 8:
        return feed(garbage());
      case 9:
        return client_.on_disconnect();
      case 10:
        return client_.request_state();
      case 11:
        return client_.on_timeout(clock_.reading());
      case 12:
        // Wake up when the session asks to, as an event loop would.
        if (const auto deadline = client_.next_deadline()) clock_.pass_until(*deadline);
        return client_.on_timeout(clock_.reading());
      case 13:
        server_skew_ = fuzz::Clock::skew(s_);
        return;
      default:
        // The server's generator moves on by itself: later ids, fresh seq_nos.
        (void)server_->next_msg_id(now + std::chrono::seconds(server_skew_));
        return;
    }
  }

  tl::Bytes request_body() {
    namespace f = tl::functions;
    switch (s_.u8() % 8) {
      case 0:
        return tl::serialize(f::Ping{s_.i64()});
      case 1:
        return tl::serialize(f::PingDelayDisconnect{s_.i64(), s_.i32()});
      case 2:
        return tl::serialize(f::GetFutureSalts{s_.i32()});
      case 3:
        return tl::serialize(f::DestroySession{s_.flag() ? *client_.session().session_id() : s_.i64()});
      case 4:
        return tl::serialize(f::help::GetConfig{});
      case 5:
        return fuzz::blob(f::help::GetConfig::ID, std::size_t{s_.u16()} * 16);
      case 6:
        return tl::serialize(f::RpcDropAnswer{fuzz::pick(s_, seen_.ids)});
      default: {
        // Fields of any content after a function's constructor, in whole TL
        // words: enqueue takes a function call, never a container.
        const auto raw = s_.bytes();
        tl::Bytes body = fuzz::blob(s_.u32(), 0);
        if (constructor_of(body) == ids::msg_container) body = fuzz::blob(f::help::GetConfig::ID, 0);
        body.insert(body.end(), raw.begin(), raw.end());
        body.resize((body.size() + 3) / 4 * 4);
        return body;
      }
    }
  }

  void enqueue() {
    if (mine_.size() >= kMaxRequests) return;
    tl::Bytes body = request_body();
    CallOptions o;
    o.gzip = s_.flag();
    // Every request has a timeout, so that the final drain can resolve them all.
    o.timeout = std::chrono::milliseconds(1 + s_.u16() * 16);
    o.max_resends = s_.u8() % 10;
    const RequestId id = client_.enqueue(std::move(body), o);
    if (!mine_.emplace(id, 0).second)
      violated("enqueue returned request %llu, which was handed out before",
               static_cast<unsigned long long>(id));
  }

  void take_output(std::size_t max_packets) {
    for (std::size_t i = 0; i < max_packets; ++i) {
      auto packet = client_.take_output(clock_.reading());
      if (!packet) return;
      open(std::move(*packet));
    }
  }

  // Reads a client packet as the server would and records its msg_ids.
  void open(tl::Bytes packet) {
    auto m = observer_->peek(packet, clock_.now());
    if (!m) violated("a client packet does not open: %s", m.error().message().c_str());
    record(m->msg_id);
    if (constructor_of(m->body) != ids::msg_container) return note(m->msg_id, m->body);
    auto items = flatten_message({m->msg_id, m->seq_no, m->body});
    if (!items)
      violated("a client container of %zu bytes does not parse: %s", m->body.size(),
               items.error().message().c_str());
    if (const auto ec = check_container(*items, m->msg_id))
      violated("a client container breaks the rules: %s", ec.message().c_str());
    for (const auto& item : *items) {
      record(item.msg_id);
      note(item.msg_id, item.body);
    }
  }

  void record(std::int64_t msg_id) {
    if (msg_id <= 0 || msg_id % 4 != 0)
      violated("the client sent msg_id %lld", static_cast<long long>(msg_id));
    if (!sent_.insert(msg_id).second)
      violated("the client sent msg_id %lld a second time", static_cast<long long>(msg_id));
    seen_.ids.push_back(msg_id);
  }

  void note(std::int64_t msg_id, std::span<const std::byte> body) {
    if (constructor_of(body) != tl::types::MsgsStateReq::ID) return;
    try {
      seen_.state_reqs.emplace_back(msg_id, tl::deserialize<tl::types::MsgsStateReq>(body).msg_ids.size());
    } catch (const tl::DecodeError&) {
      // A raw request body the script enqueued, not the session's query.
    }
  }

  // An id from the server's generator, or one near it, an id it used before,
  // or any value; recorded for the messages that name server ids.
  std::int64_t server_msg_id(Time server_now) {
    const std::uint8_t how = s_.u8();
    std::int64_t id = 0;
    if (how < 0xc0) {
      id = server_->next_msg_id(server_now);
    } else if (how < 0xe0) {
      id = server_->next_msg_id(server_now) + 4 * static_cast<std::int8_t>(s_.u8());
    } else if (how < 0xf0) {
      id = fuzz::pick(s_, seen_.server_ids);
    } else {
      id = s_.i64();
    }
    seen_.server_ids.push_back(id);
    return id;
  }

  std::int32_t server_seq_no() {
    const std::uint8_t how = s_.u8();
    if (how < 0xe0) return server_->next_seq_no(how < 0x80);
    return s_.i32();
  }

  tl::Bytes server_packet() {
    const Time server_now = clock_.now() + std::chrono::seconds(server_skew_);
    // An int in future_salts, with room above for the salts' validity offsets.
    constexpr std::int64_t kLatest = std::numeric_limits<std::int32_t>::max() - (1 << 17);
    const auto server_time =
        static_cast<std::int32_t>(std::clamp<std::int64_t>(unix_seconds(server_now), 0, kLatest));
    fuzz::ServerBodies says(s_, seen_, *client_.session().session_id());
    const std::size_t count = s_.u8() % 9;  // 0: one message alone
    tl::Bytes packet;
    if (count == 0) {
      const tl::Bytes body = says.message(server_time);
      const std::int64_t id = server_msg_id(server_now);
      const std::int32_t seq_no = server_seq_no();
      server_->begin_packet(packet);
      packet.insert(packet.end(), body.begin(), body.end());
      server_->finish_packet(packet, id, seq_no);
      return packet;
    }
    std::vector<tl::Bytes> bodies;
    std::vector<ContainedMessage> items;
    for (std::size_t i = 0; i < count; ++i) {
      bodies.push_back(says.message(server_time));
      const std::int64_t id = server_msg_id(server_now);
      items.push_back({id, server_seq_no(), {}});
    }
    for (std::size_t i = 0; i < count; ++i) items[i].body = bodies[i];
    const std::int64_t container_id = server_msg_id(server_now);
    server_->begin_packet(packet);
    write_container(packet, items);
    server_->finish_packet(packet, container_id, server_->next_seq_no(false));
    return packet;
  }

  // Raw input bytes, or the last packet with one byte changed.
  tl::Bytes garbage() {
    if (s_.flag() && !last_packet_.empty()) {
      tl::Bytes out = last_packet_;
      out[s_.u32() % out.size()] ^= static_cast<std::byte>(1 + s_.u8() % 255);
      return out;
    }
    const auto raw = s_.bytes();
    return {raw.begin(), raw.end()};
  }

  void feed(tl::Bytes packet) {
    last_packet_ = packet;  // a copy: on_received decrypts in place
    (void)client_.on_received(packet, clock_.reading());
  }

  void drain_events() {
    while (auto o = client_.next_outcome()) outcome(request_of(*o));
    while (auto notice = client_.next_notice()) {
      if (std::holds_alternative<SessionRenewedEvent>(*notice)) follow_new_session();
    }
  }

  // The client started a new session on the key (the server's clock went
  // back): the scripted server takes it up as Telegram would, and msg_ids
  // need only be new within it.
  void follow_new_session() {
    server_.emplace(fuzz::fuzz_key(), kSalt, 0, server_rng_, server_side(client_));
    observer_.emplace(fuzz::fuzz_key(), kSalt, 0, server_rng_, server_side(client_));
    sent_.clear();
  }

  // events.hpp: exactly one outcome per request the owner made, and none for
  // the session's own requests.
  void outcome(RequestId id) {
    const auto n = static_cast<unsigned long long>(id);
    if (client_.is_pending(id)) violated("an outcome for request %llu, which is still pending", n);
    auto it = mine_.find(id);
    if (it == mine_.end()) violated("an outcome names request %llu, which enqueue never returned", n);
    if (++it->second > 1) violated("a second outcome for request %llu", n);
  }

  void check_pending() {
    for (const auto& [id, outcomes] : mine_) {
      if ((outcomes == 0) != client_.is_pending(id))
        violated("request %llu: %u outcomes, is_pending %d", static_cast<unsigned long long>(id), outcomes,
                 client_.is_pending(id));
    }
  }

  void finish() {
    // Everything queued goes out (and gets its deadline), in a bounded number of packets.
    std::size_t packets = 0;
    while (auto packet = client_.take_output(clock_.reading())) {
      open(std::move(*packet));
      if (++packets > kMaxRequests + 64) violated("take_output does not run dry");
    }
    // Past every deadline: the longest timeout is under 20 minutes.
    client_.on_timeout(
        {clock_.latest() + std::chrono::hours(48), clock_.reading().mono + std::chrono::hours(48)});
    drain_events();
    check_pending();
    for (const auto& [id, outcomes] : mine_) {
      if (outcomes != 1)
        violated("request %llu unresolved after all its deadlines passed",
                 static_cast<unsigned long long>(id));
    }
  }

  fuzz::Script& s_;
  crypto::DeterministicRng client_rng_{1};
  crypto::DeterministicRng server_rng_{2};
  fuzz::Clock clock_;
  ClientSession client_;
  // Of the client's current session (replaced when it starts a new one).
  std::optional<EncryptedSession> server_;  // writes the scripted server's packets
  std::optional<EncryptedSession>
      observer_;  // opens the client's packets; peek only, so it remembers nothing
  std::int32_t server_skew_ = 0;
  fuzz::ClientSeen seen_;
  std::unordered_set<std::int64_t> sent_;
  std::map<RequestId, unsigned> mine_;  // ids enqueue returned, and their outcomes so far
  tl::Bytes last_packet_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  layer::mtproto::fuzz::Script script({data, size});
  Harness(script).run();
  return 0;
}
