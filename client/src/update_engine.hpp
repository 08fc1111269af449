// The update engine: the pts/qts/seq and per-channel pts bookkeeping of
// core.telegram.org's "Working with updates", as a state machine with no I/O.
// Its owner feeds it every updates* object (pushes and the answers of calls
// that return Updates), asks it which updates.getState / getDifference /
// getChannelDifference to make, gives each answer (or failure) back, and pops
// events for the consumer. Time is passed in, monotonic (it only measures
// waits); next_deadline() says when to ask again with no new input (a gap's
// short wait, a retry, the idle check).
//
//   engine.start(stored_state, stored_channels, self_id, now);
//   engine.feed(updates, now);                 // each push
//   while (auto request = engine.next_request(now)) make(*request);  // then on_difference(...) etc.
//   while (auto event = engine.pop()) deliver(*event);
//   if (auto commit = engine.take_commit()) store(*commit);
//
// What it promises (tests/client/update_engine_test.cpp): an update is popped
// at most once, in pts order within its box; a gap is fetched once the wait
// passes; what the server cannot return is popped as UpdatesLost; the
// committed state never passes an event not yet popped; no more than
// Options::buffer events wait (plus one difference's worth).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "layer/client/session_store.hpp"
#include "layer/client/updates.hpp"
#include "layer/mtproto/clock.hpp"
#include "layer/tl/types/updates.hpp"
#include "update_sequence.hpp"

namespace layer::client::detail {

struct Delivery {
  tl::enums::Update update;
  std::shared_ptr<const Entities> entities;
};
using EngineEvent = std::variant<Delivery, UpdatesLost>;

struct GetStateRequest {
  friend bool operator==(const GetStateRequest&, const GetStateRequest&) = default;
};
struct GetDifferenceRequest {
  std::int32_t pts = 0;
  std::int32_t qts = 0;
  std::int32_t date = 0;
  friend bool operator==(const GetDifferenceRequest&, const GetDifferenceRequest&) = default;
};
struct GetChannelDifferenceRequest {
  std::int64_t channel_id = 0;
  std::int32_t pts = 0;
  friend bool operator==(const GetChannelDifferenceRequest&, const GetChannelDifferenceRequest&) = default;
};
using UpdateRequest = std::variant<GetStateRequest, GetDifferenceRequest, GetChannelDifferenceRequest>;

struct UpdateCommit {
  UpdateState state;
  std::vector<ChannelPts> channels;  // only those that moved
};

class UpdateEngine {
 public:
  using Time = mtproto::Instant;

  struct Options {
    std::chrono::milliseconds gap_wait{500};
    std::size_t buffer = 10000;          // events waiting for the consumer
    std::size_t pending_per_box = 1000;  // updates held past a gap
    std::chrono::seconds idle{15 * 60};  // a getDifference after this long without updates
    std::chrono::milliseconds retry_first{1000};
    std::chrono::milliseconds retry_cap{60000};
  };

  explicit UpdateEngine(Options options);

  // Where to resume: the stored state (caught up with getDifference at once),
  // or none (updates.getState first: what happened before is not wanted).
  void start(std::optional<UpdateState> state, std::span<const ChannelPts> channels, std::int64_t self_id,
             Time now);
  bool started() const noexcept { return started_; }

  void feed(const tl::enums::Updates& updates, Time now);
  // One of our calls took these numbers (messages.affectedMessages of a
  // delete or a read): nothing to deliver, but no gap either.
  void took(const UpdateBox& box, std::int32_t number, std::int32_t count, Time now);
  // The connection was lost and came back, or the server made a new session:
  // what it pushed meanwhile may be gone, so the common box is fetched.
  void resync(Time now);

  // The next call to make, now in flight until its answer or failure comes back.
  std::optional<UpdateRequest> next_request(Time now);
  void on_state(const tl::types::updates::State& state, Time now);
  void on_difference(const tl::enums::updates::Difference& difference, Time now);
  void on_channel_difference(std::int64_t channel_id, const tl::enums::updates::ChannelDifference& difference,
                             Time now);
  // rpc_error: the RPC error's name, empty for any other failure.
  void on_failure(const UpdateRequest& request, std::string_view rpc_error, Time now);
  // The channel cannot be asked about (no access hash is known for it, or
  // the account lost access): its box is dropped, a gap in it reported lost.
  void drop_channel(std::int64_t channel_id, Time now);
  std::optional<Time> next_deadline() const;

  std::optional<EngineEvent> pop();
  std::size_t buffered() const noexcept { return events_; }
  // What moved since the last call, up to the last event popped.
  std::optional<UpdateCommit> take_commit();

 private:
  struct Pending {
    Place place;
    std::optional<tl::enums::Update> update;  // none: a number taken by our own call's answer
    std::shared_ptr<const Entities> entities;
  };
  struct Box {
    std::int32_t number = 0;
    std::vector<Pending> pending;
    std::optional<Time> gap_since;
    bool overflowed = false;  // numbered updates were turned away while the buffer was full
  };
  // One fetch at a time per box: getDifference for the common and secondary
  // boxes together, getChannelDifference per channel.
  struct Fetch {
    bool in_flight = false;
    bool wanted = false;
    std::optional<Time> retry_at;
    unsigned failures = 0;
  };
  struct Position {
    std::optional<std::int32_t> pts{}, qts{}, date{}, seq{};
    std::optional<ChannelPts> channel{};
  };
  struct Entry {
    std::optional<EngineEvent> event;
    Position position;
  };

  // Whether fed updates wait: no state yet, or a getState/getDifference
  // whose answer moves the state they are checked against.
  bool holding() const noexcept;
  void process(const tl::enums::Updates& updates, Time now);
  void process_sequenced(const tl::enums::Updates& updates, std::int32_t seq_start, std::int32_t seq,
                         std::int32_t date, Time now);
  void drain_seq(Time now);
  void process_update(tl::enums::Update update, const std::shared_ptr<const Entities>& entities, Time now);
  void place(Pending pending, Time now);
  // In the order a box takes them: by the number each one starts from.
  static void sort_by_start(std::vector<Pending>& pending);
  void drain(Box& box, const UpdateBox& id, Time now);
  bool apply(Box& box, const UpdateBox& id, Pending& pending);
  // The box jumps to `to`, as Telegram says when it cannot replay what lies
  // before: what the box holds below `to` is still delivered, and only the
  // holes between are reported lost.
  void skip_to(Box& box, const UpdateBox& id, std::int32_t to);
  static Position position_of(const UpdateBox& id, std::int32_t number);
  void deliver_unnumbered(tl::enums::Update update, const std::shared_ptr<const Entities>& entities);
  void enqueue(std::optional<EngineEvent> event, Position position);
  void mark(Position position) { enqueue(std::nullopt, std::move(position)); }
  void commit(const Position& position);
  void take_difference(const std::vector<tl::enums::Message>& messages,
                       const std::vector<tl::enums::EncryptedMessage>& encrypted,
                       const std::vector<tl::enums::Update>& others, std::vector<tl::enums::User> users,
                       std::vector<tl::enums::Chat> chats, const tl::enums::updates::State& state, Time now);
  // After the state moved: what waited on it is looked at again.
  void caught_up(Time now);
  // Feeds again what was held while the state was unknown or moving.
  void replay_held(Time now);
  void failed(Fetch& fetch, Time now);
  bool ready(const Fetch& fetch, Time now) const;
  bool room() const noexcept { return events_ < options_.buffer; }
  void after_pop();
  Box* box(const UpdateBox& id);
  tl::enums::Update from_short(const tl::types::UpdateShortMessage& m) const;
  tl::enums::Update from_short(const tl::types::UpdateShortChatMessage& m) const;

  Options options_;
  bool started_ = false;
  Fetch state_fetch_;
  bool resetting_ = false;  // PERSISTENT_TIMESTAMP_INVALID: getState, reporting what is skipped
  std::int64_t self_id_ = 0;
  Box common_;
  Box secondary_;
  std::int32_t date_ = 0;
  std::int32_t seq_ = 0;
  Fetch difference_;
  // Containers past a seq gap, by their first seq number.
  std::map<std::int32_t, tl::enums::Updates> seq_pending_;
  std::optional<Time> seq_gap_since_;
  std::map<std::int64_t, Box> channels_;
  std::map<std::int64_t, Fetch> channel_fetches_;
  // Everything fed while there is no state yet or getDifference is in flight,
  // looked at again once the answer has moved the state.
  std::deque<tl::enums::Updates> held_;
  Time last_activity_{};

  std::deque<Entry> queue_;
  std::size_t events_ = 0;
  std::int64_t dropped_unnumbered_ = 0;

  UpdateState committed_;
  bool committed_moved_ = false;
  std::map<std::int64_t, std::int32_t> committed_channels_;
  std::vector<std::int64_t> moved_channels_;
};

}  // namespace layer::client::detail
