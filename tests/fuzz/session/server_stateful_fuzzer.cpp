// fuzz_server_session_stateful: one ServerSession through a whole script of
// steps. The input sets the session's limits and checks, then each step is one
// of: a client packet built by a client-side EncryptedSession sharing the key
// (one message or a container; inner msg_ids from the client's generator, near
// it, of the wrong parity, replayed or any value; seq_nos counted or chosen; the
// salt current, previous or wrong; bodies of every kind from client_bodies.hpp),
// a replay of an earlier packet, garbage, moving the clock (both ways) or the
// client's, the handler answering some requests or pushing corrections, a salt
// change, take_output or take_client_acks.
//
// Invariants, checked at every step:
//  - next_request() hands out a given inner msg_id at most once in the run, and
//    only one that was in the packet just received;
//  - what gzip_packed messages of one packet inflated to (the bodies of
//    next_request and next_undecodable for them) stays within max_inflated each
//    and max_inflated_per_packet in all;
//  - take_client_acks() returns at most max_held_acks ids;
//  - every server packet opens on the client side, keeps the container rules,
//    and carries positive odd msg_ids never sent before.
#include <chrono>
#include <cstdint>
#include <deque>
#include <set>
#include <unordered_set>

#include "client_bodies.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/mtproto/encrypted_session.hpp"
#include "layer/mtproto/server_session.hpp"
#include "layer/tl/types/root.hpp"
#include "script.hpp"

namespace {

using namespace layer;
using namespace layer::mtproto;
using fuzz::violated;

constexpr std::size_t kMaxSteps = 2048;
constexpr std::size_t kHeldRequests = 64;  // answered by the handler later
constexpr std::size_t kKeptPackets = 8;    // for replays
constexpr std::int64_t kSalt = 0x5a175a17;
constexpr std::int64_t kSession = 0x5e55105;

// Limits from the input; a zero byte keeps the default.
ServerSessionOptions setup(fuzz::Script& s) {
  ServerSessionOptions o;
  o.session.session_id = kSession;
  auto set = [&](auto& field, auto value_of) {
    if (const std::uint8_t b = s.u8(); b != 0) field = value_of(b);
  };
  set(o.session.replay_window, [](std::uint8_t b) { return std::size_t{b} * 8; });
  set(o.session.max_extra_padding_blocks, [](std::uint8_t b) { return unsigned{b} % 63; });
  set(o.max_inflated, [](std::uint8_t b) { return std::size_t{1} << (8 + b % 17); });
  set(o.max_inflated_per_packet, [](std::uint8_t b) { return std::size_t{1} << (8 + b % 17); });
  set(o.seen_window, [](std::uint8_t b) { return std::size_t{b} * 4; });
  set(o.max_held_acks, [](std::uint8_t b) { return std::size_t{b} % 64 + 1; });
  set(o.answer_ping, [](std::uint8_t b) { return b % 4 != 0; });
  set(o.check_salt, [](std::uint8_t b) { return b % 4 != 0; });
  set(o.check_time, [](std::uint8_t b) { return b % 4 != 0; });
  set(o.answer_undecodable, [](std::uint8_t b) { return b % 4 != 0; });
  set(o.max_container_messages, [](std::uint8_t b) { return std::size_t{b} % 16 + 1; });
  set(o.max_container_bytes, [](std::uint8_t b) { return std::size_t{1} << (8 + b % 13); });
  return o;
}

EncryptedSessionOptions client_side() {
  EncryptedSessionOptions o;
  o.session_id = kSession;
  o.check_time = false;
  return o;
}

// A client packet and what the checks need to know of it.
struct ClientPacket {
  tl::Bytes bytes;
  std::set<std::int64_t> inner;    // the msg_ids a request may come from
  std::set<std::int64_t> gzipped;  // those sent as gzip_packed
};

class Harness {
 public:
  explicit Harness(fuzz::Script& s)
      : s_(s),
        options_(setup(s)),
        server_(fuzz::fuzz_key(), kSalt, server_rng_, options_),
        client_(fuzz::fuzz_key(), kSalt, 0, client_rng_, client_side()) {}

  void run() {
    for (std::size_t step = 0; step < kMaxSteps && !s_.done(); ++step) this->step();
    // Everything queued goes out, a message or more per packet.
    for (std::size_t packets = 0; auto packet = server_.take_output(clock_.now());) {
      open(std::move(*packet));
      if (++packets > kMaxSteps * 64) violated("take_output does not run dry");
    }
    check_acks();
  }

 private:
  void step() {
    switch (s_.u8() % 14) {
      case 0:
      case 1:
      case 2:
        return feed(client_packet());
      case 3:
        if (kept_.empty()) return;
        return feed(kept_[s_.u8() % kept_.size()]);
      case 4:
        return feed(garbage());
      case 5:
        return clock_.step(s_);
      case 6:
        client_skew_ = fuzz::Clock::skew(s_);
        return;
      case 7:
        return answer();
      case 8:
        return correct();
      case 9:
        for (std::size_t i = 0; i < 64; ++i) {
          auto packet = server_.take_output(clock_.now());
          if (!packet) return;
          open(std::move(*packet));
        }
        return;
      case 10:
        return check_acks();
      case 11: {
        // A new salt; the old one accepted for a while, or not.
        const std::int64_t previous = salt_;
        salt_ = s_.i64();
        server_.set_salt(salt_);
        server_.also_accept_salt(s_.flag() ? std::optional(previous) : std::nullopt);
        return;
      }
      default:
        // The client's generator moves on by itself.
        (void)client_.next_msg_id(client_now());
        return;
    }
  }

  Time client_now() const { return clock_.now() + std::chrono::seconds(client_skew_); }

  std::int64_t client_msg_id() {
    const std::uint8_t how = s_.u8();
    std::int64_t id = 0;
    if (how < 0xa0) {
      id = client_.next_msg_id(client_now());
    } else if (how < 0xc0) {
      id = client_.next_msg_id(client_now()) + 4 * static_cast<std::int8_t>(s_.u8());
    } else if (how < 0xd0) {
      id = client_.next_msg_id(client_now()) + 1 + s_.u8() % 3;
    } else if (how < 0xf0) {
      id = fuzz::pick(s_, client_ids_);
    } else {
      id = s_.i64();
    }
    client_ids_.push_back(id);
    return id;
  }

  std::int32_t client_seq_no() {
    const std::uint8_t how = s_.u8();
    if (how < 0xe0) return client_.next_seq_no(how < 0x80);
    return s_.i32();
  }

  std::int64_t packet_salt() {
    const std::uint8_t how = s_.u8();
    return how < 0xe0 ? salt_ : how < 0xf0 ? kSalt : s_.i64();
  }

  ClientPacket client_packet() {
    fuzz::ClientBodies says(s_, server_ids_, client_ids_);
    const std::size_t count = s_.u8() % 9;  // 0: one message alone
    std::vector<tl::Bytes> bodies;
    std::vector<ContainedMessage> items;
    for (std::size_t i = 0; i < std::max<std::size_t>(count, 1); ++i) {
      bodies.push_back(says.message());
      const std::int64_t id = client_msg_id();
      items.push_back({id, client_seq_no(), {}});
    }
    for (std::size_t i = 0; i < items.size(); ++i) items[i].body = bodies[i];
    ContainedMessage outer = items[0];
    tl::Bytes container;
    if (count != 0) {
      write_container(container, items);
      outer = {client_msg_id(), client_.next_seq_no(false), container};
    }
    ClientPacket p;
    // The messages as the server reads them: a lone message whose body is a
    // container is a container too.
    if (auto read = flatten_message(outer)) {
      for (const auto& m : *read) {
        p.inner.insert(m.msg_id);
        if (constructor_of(m.body) == ids::gzip_packed) p.gzipped.insert(m.msg_id);
      }
    }
    client_.set_salt(packet_salt());
    client_.begin_packet(p.bytes);
    p.bytes.insert(p.bytes.end(), outer.body.begin(), outer.body.end());
    client_.finish_packet(p.bytes, outer.msg_id, outer.seq_no);
    kept_.push_back(p);
    if (kept_.size() > kKeptPackets) kept_.pop_front();
    return p;
  }

  // Raw input bytes, or a kept packet with one byte changed: neither opens.
  ClientPacket garbage() {
    ClientPacket p;
    if (s_.flag() && !kept_.empty()) {
      p.bytes = kept_.back().bytes;
      p.bytes[s_.u32() % p.bytes.size()] ^= static_cast<std::byte>(1 + s_.u8() % 255);
    } else {
      const auto raw = s_.bytes();
      p.bytes.assign(raw.begin(), raw.end());
    }
    return p;
  }

  void feed(ClientPacket p) {
    (void)server_.on_received(p.bytes, clock_.now());
    std::size_t inflated = 0;
    auto count_inflated = [&](std::int64_t msg_id, std::size_t size) {
      if (!p.gzipped.contains(msg_id)) return;
      if (size > options_.max_inflated)
        violated("msg_id %lld inflated to %zu bytes, max_inflated is %zu", static_cast<long long>(msg_id),
                 size, options_.max_inflated);
      inflated += size;
    };
    while (auto r = server_.next_request()) {
      const auto id = static_cast<long long>(r->msg_id);
      if (!p.inner.contains(r->msg_id)) violated("next_request: msg_id %lld was not in the packet", id);
      if (!served_.insert(r->msg_id).second) violated("next_request handed out msg_id %lld twice", id);
      count_inflated(r->msg_id, r->body.size());
      held_.push_back(r->msg_id);
      if (held_.size() > kHeldRequests) held_.pop_front();
    }
    while (auto u = server_.next_undecodable()) {
      // Left packed when it did not inflate; otherwise the inflated object.
      if (constructor_of(u->body) != ids::gzip_packed) count_inflated(u->msg_id, u->body.size());
    }
    while (server_.next_refused()) {
    }
    if (inflated > options_.max_inflated_per_packet)
      violated("one packet inflated to %zu bytes, max_inflated_per_packet is %zu", inflated,
               options_.max_inflated_per_packet);
  }

  // The handler answers some of the requests it holds, in any order.
  void answer() {
    for (std::size_t n = s_.u8() % 4; n > 0 && !held_.empty(); --n) {
      const std::size_t at = s_.u8() % held_.size();
      const std::int64_t req = held_[at];
      held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(at));
      switch (s_.u8() % 4) {
        case 0:
          server_.reply(req, tl::serialize(tl::types::Pong{req, s_.i64()}));
          break;
        case 1:
          server_.reply(req, fuzz::blob(tl::bool_true_id, std::size_t{s_.u16()} * 64));
          break;
        case 2: {
          // Any object, in whole TL words as reply's contract asks.
          const auto raw = s_.bytes();
          tl::Bytes result(raw.begin(), raw.end());
          result.resize((result.size() + 3) / 4 * 4);
          server_.reply(req, result);
          break;
        }
        default: {
          const std::int32_t code = s_.i32();
          server_.reply_error(req, code, fuzz::text(s_.bytes()));
        }
      }
    }
  }

  // What a DC handler pushes besides answers.
  void correct() {
    const std::int64_t id = fuzz::pick(s_, client_ids_);
    switch (s_.u8() % 5) {
      case 0:
        return server_.push_update(
            s_.flag() ? tl::serialize(tl::types::UpdatesTooLong{})
                      : fuzz::blob(tl::types::UpdatesTooLong::ID, std::size_t{s_.u16()} * 64));
      case 1: {
        const std::int32_t seq_no = s_.i32();
        return server_.send_bad_msg_notification(id, seq_no, s_.i32());
      }
      case 2:
        return server_.send_bad_server_salt(id, s_.i32());
      case 3:
        return server_.send_new_session_created(id, s_.i64());
      default:
        return server_.request_resend(fuzz::ids_from(s_, 16, [&] { return fuzz::pick(s_, client_ids_); }));
    }
  }

  void check_acks() {
    if (const auto acks = server_.take_client_acks(); acks.size() > options_.max_held_acks)
      violated("take_client_acks returned %zu ids, max_held_acks is %zu", acks.size(),
               options_.max_held_acks);
  }

  // Reads a server packet as the client would and records its msg_ids.
  void open(tl::Bytes packet) {
    auto m = client_.peek(packet, clock_.now());
    if (!m) violated("a server packet does not open: %s", m.error().message().c_str());
    record(m->msg_id);
    if (constructor_of(m->body) != ids::msg_container) return;
    auto items = flatten_message({m->msg_id, m->seq_no, m->body});
    if (!items)
      violated("a server container of %zu bytes does not parse: %s", m->body.size(),
               items.error().message().c_str());
    if (const auto ec = check_container(*items, m->msg_id))
      violated("a server container breaks the rules: %s", ec.message().c_str());
    for (const auto& item : *items) record(item.msg_id);
  }

  void record(std::int64_t msg_id) {
    if (msg_id <= 0 || msg_id % 2 == 0)
      violated("the server sent msg_id %lld", static_cast<long long>(msg_id));
    if (!server_sent_.insert(msg_id).second)
      violated("the server sent msg_id %lld a second time", static_cast<long long>(msg_id));
    server_ids_.push_back(msg_id);
  }

  fuzz::Script& s_;
  crypto::DeterministicRng server_rng_{3};
  crypto::DeterministicRng client_rng_{4};
  fuzz::Clock clock_;
  ServerSessionOptions options_;
  ServerSession server_;
  EncryptedSession client_;  // writes the scripted client's packets, opens the server's (peek only)
  std::int32_t client_skew_ = 0;
  std::int64_t salt_ = kSalt;
  std::vector<std::int64_t> client_ids_;  // every msg_id the client used, containers included
  std::vector<std::int64_t> server_ids_;
  std::unordered_set<std::int64_t> server_sent_;
  std::unordered_set<std::int64_t> served_;  // every msg_id next_request handed out
  std::deque<std::int64_t> held_;            // requests not answered yet
  std::deque<ClientPacket> kept_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  layer::mtproto::fuzz::Script script({data, size});
  Harness(script).run();
  return 0;
}
