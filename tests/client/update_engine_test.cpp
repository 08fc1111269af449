// The update engine on its own: fed updates objects and difference answers on
// a clock the test moves, checked for what it pops, what it asks to fetch and
// what it commits.
#include "update_engine.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "layer/tl_parser/parser.hpp"

namespace layer::client::detail {
namespace {

namespace types = tl::types;
using namespace std::chrono_literals;
using Kind = UpdateBox::Kind;
using Time = mtproto::Instant;

constexpr std::int64_t kSelf = 1000;
constexpr std::int64_t kUser = 7;
constexpr std::int64_t kChannel = 555;

types::Message message(std::int32_t id, std::int64_t channel = 0) {
  types::Message m;
  m.id = id;
  m.message = "m" + std::to_string(id);
  m.from_id = types::PeerUser{kUser};
  if (channel != 0) {
    m.peer_id = types::PeerChannel{channel};
  } else {
    m.peer_id = types::PeerUser{kUser};
  }
  return m;
}

tl::enums::Updates wrap(std::vector<tl::enums::Update> updates, std::int32_t seq = 0) {
  return types::Updates{std::move(updates), {}, {}, 0, seq};
}

tl::enums::Update new_message(std::int32_t pts, std::int32_t count = 1) {
  return types::UpdateNewMessage{message(pts), pts, count};
}
tl::enums::Updates pushed(std::int32_t pts, std::int32_t count = 1) {
  return wrap({new_message(pts, count)});
}
tl::enums::Updates channel_post(std::int32_t pts, std::int64_t channel = kChannel) {
  return wrap({types::UpdateNewChannelMessage{message(pts, channel), pts, 1}});
}
tl::enums::Updates bot_stopped(std::int32_t qts) {
  return wrap({types::UpdateBotStopped{kUser, 0, true, qts}});
}
tl::enums::Updates typing() {
  return types::UpdateShort{types::UpdateUserTyping{kUser, {}, types::SendMessageTypingAction{}}, 0};
}
types::updates::State state(std::int32_t pts, std::int32_t qts = 0, std::int32_t date = 100,
                            std::int32_t seq = 0) {
  return types::updates::State{pts, qts, date, seq, 0};
}

class UpdateEngineTest : public ::testing::Test {
 protected:
  UpdateEngineTest() : engine_(options()) {}

  static UpdateEngine::Options options() {
    UpdateEngine::Options o;
    o.buffer = 10;
    o.pending_per_box = 5;
    return o;
  }

  void start_at(std::int32_t pts, std::int32_t qts = 0) {
    engine_.start(UpdateState{pts, qts, 100, 0}, {}, kSelf, now_);
    const auto first = engine_.next_request(now_);
    ASSERT_TRUE(first && std::holds_alternative<GetDifferenceRequest>(*first));
    engine_.on_difference(types::updates::DifferenceEmpty{100, 0}, now_);
    ASSERT_FALSE(engine_.next_request(now_));
    engine_.take_commit();
  }

  // The text of every message popped, and each UpdatesLost as "lost BOX FROM..TO".
  std::vector<std::string> popped() {
    std::vector<std::string> out;
    while (auto event = engine_.pop()) {
      if (const auto* lost = std::get_if<UpdatesLost>(&*event)) {
        out.push_back("lost " + to_string(lost->box) + " " + std::to_string(lost->from) + ".." +
                      std::to_string(lost->to));
        continue;
      }
      const auto& update = std::get<Delivery>(*event).update;
      if (const auto* m = update.as<types::UpdateNewMessage>()) {
        out.push_back(m->message.as<types::Message>()->message);
      } else if (const auto* c = update.as<types::UpdateNewChannelMessage>()) {
        out.push_back("c:" + c->message.as<types::Message>()->message);
      } else if (const auto* s = update.as<types::UpdateBotStopped>()) {
        out.push_back("stopped " + std::to_string(s->qts));
      } else {
        out.push_back(std::string(update.name()));
      }
    }
    return out;
  }

  void advance(std::chrono::milliseconds by) { now_ += by; }

  Time now_ = Time{} + 1000h;
  UpdateEngine engine_;
};

using Strings = std::vector<std::string>;

TEST_F(UpdateEngineTest, AFreshStartAsksForTheStateAndChecksWhatCameMeanwhileAgainstIt) {
  engine_.start(std::nullopt, {}, kSelf, now_);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetStateRequest{}));
  EXPECT_FALSE(engine_.next_request(now_)) << "one getState at a time";
  engine_.feed(pushed(10), now_);  // before the state: seen by it already
  engine_.feed(pushed(11), now_);
  EXPECT_EQ(popped(), Strings{});
  engine_.on_state(state(10), now_);
  EXPECT_EQ(popped(), Strings{"m11"});
  const auto commit = engine_.take_commit();
  ASSERT_TRUE(commit);
  EXPECT_EQ(commit->state.pts, 11);
  EXPECT_EQ(commit->state.date, 100);
  EXPECT_FALSE(engine_.next_request(now_));
}

TEST_F(UpdateEngineTest, AStoredStateIsCaughtUpWithGetDifferenceAtOnce) {
  engine_.start(UpdateState{42, 7, 1234, 3}, {}, kSelf, now_);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{42, 7, 1234}));
}

TEST_F(UpdateEngineTest, InOrderUpdatesArePoppedOnceAndDuplicatesDropped) {
  start_at(10);
  engine_.feed(pushed(11), now_);
  engine_.feed(pushed(12), now_);
  engine_.feed(pushed(12), now_);  // the same pts again
  engine_.feed(pushed(11), now_);
  engine_.feed(pushed(14, 2), now_);  // pts_count 2: 13 and 14
  EXPECT_EQ(popped(), (Strings{"m11", "m12", "m14"}));
  EXPECT_FALSE(engine_.next_request(now_));
}

TEST_F(UpdateEngineTest, TheCommittedStateMovesOnlyWithWhatWasPopped) {
  start_at(10);
  engine_.feed(pushed(11), now_);
  engine_.feed(pushed(12), now_);
  EXPECT_FALSE(engine_.take_commit()) << "nothing popped yet";
  ASSERT_TRUE(engine_.pop());
  auto commit = engine_.take_commit();
  ASSERT_TRUE(commit);
  EXPECT_EQ(commit->state.pts, 11);
  EXPECT_FALSE(engine_.take_commit());
  ASSERT_TRUE(engine_.pop());
  commit = engine_.take_commit();
  ASSERT_TRUE(commit);
  EXPECT_EQ(commit->state.pts, 12);
}

TEST_F(UpdateEngineTest, AGapFilledWithinTheWaitNeedsNoDifference) {
  start_at(10);
  engine_.feed(pushed(12), now_);
  EXPECT_EQ(popped(), Strings{});
  ASSERT_TRUE(engine_.next_deadline());
  EXPECT_EQ(*engine_.next_deadline(), now_ + 500ms);
  advance(300ms);
  engine_.feed(pushed(11), now_);
  EXPECT_EQ(popped(), (Strings{"m11", "m12"}));
  advance(1s);
  EXPECT_FALSE(engine_.next_request(now_));
}

TEST_F(UpdateEngineTest, AGapLeftOpenIsFetchedAfterTheWait) {
  start_at(10);
  engine_.feed(pushed(13), now_);
  advance(499ms);
  EXPECT_FALSE(engine_.next_request(now_));
  advance(1ms);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{10, 0, 100}));
  engine_.feed(pushed(14), now_);  // while the difference is in flight: held
  types::updates::Difference d;
  d.new_messages = {message(11), message(12), message(13)};
  d.state = state(13, 0, 200);
  engine_.on_difference(d, now_);
  EXPECT_EQ(popped(), (Strings{"m11", "m12", "m13", "m14"}));
  EXPECT_EQ(engine_.take_commit()->state.pts, 14);
  EXPECT_FALSE(engine_.next_request(now_));
}

TEST_F(UpdateEngineTest, UpdatesTooLongFetchesAtOnceAndSlicesLoop) {
  start_at(10);
  engine_.feed(types::UpdatesTooLong{}, now_);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{10, 0, 100}));
  types::updates::DifferenceSlice slice;
  slice.new_messages = {message(11)};
  slice.intermediate_state = state(11, 0, 150);
  engine_.on_difference(slice, now_);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{11, 0, 150}));
  types::updates::Difference rest;
  rest.new_messages = {message(12)};
  rest.state = state(12, 0, 160);
  engine_.on_difference(rest, now_);
  EXPECT_FALSE(engine_.next_request(now_));
  EXPECT_EQ(popped(), (Strings{"m11", "m12"}));
}

TEST_F(UpdateEngineTest, DifferenceTooLongIsReportedAndFetchingGoesOnFromTheNewPts) {
  start_at(10);
  engine_.feed(types::UpdatesTooLong{}, now_);
  ASSERT_TRUE(engine_.next_request(now_));
  engine_.on_difference(types::updates::DifferenceTooLong{5000}, now_);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{5000, 0, 100}));
  engine_.on_difference(types::updates::DifferenceEmpty{300, 0}, now_);
  EXPECT_EQ(popped(), Strings{"lost common 10..5000"});
  EXPECT_EQ(engine_.take_commit()->state.pts, 5000);
}

TEST_F(UpdateEngineTest, DifferenceTooLongStillDeliversWhatWasPushedAndReportsOnlyTheHoles) {
  start_at(10);
  engine_.feed(pushed(13), now_);  // 11 and 12 missing
  advance(500ms);
  ASSERT_TRUE(engine_.next_request(now_));
  engine_.feed(pushed(15), now_);  // while the difference is in flight; 14 missing
  engine_.feed(pushed(17), now_);  // past the pts the answer names: it follows on
  engine_.on_difference(types::updates::DifferenceTooLong{16}, now_);
  EXPECT_EQ(popped(),
            (Strings{"lost common 10..12", "m13", "lost common 13..14", "m15", "lost common 15..16", "m17"}));
  // The rest (qts, seq, later pts) from there on.
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{17, 0, 100}));
  engine_.on_difference(types::updates::DifferenceEmpty{300, 0}, now_);
  EXPECT_EQ(engine_.take_commit()->state.pts, 17);
}

TEST_F(UpdateEngineTest, QtsGapsAreFetchedWithGetDifferenceToo) {
  start_at(10, 3);
  engine_.feed(bot_stopped(4), now_);
  engine_.feed(bot_stopped(4), now_);
  engine_.feed(bot_stopped(6), now_);
  EXPECT_EQ(popped(), Strings{"stopped 4"});
  advance(500ms);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{10, 4, 100}));
  types::updates::Difference d;
  d.other_updates = {types::UpdateBotStopped{kUser, 0, true, 5}};
  d.state = state(10, 5);
  engine_.on_difference(d, now_);
  EXPECT_EQ(popped(), (Strings{"stopped 5", "stopped 6"}));
  EXPECT_EQ(engine_.take_commit()->state.qts, 6);
}

TEST_F(UpdateEngineTest, SeqGapsWaitAndAreFetchedAndOldSeqIsIgnored) {
  start_at(10);
  engine_.feed(wrap({types::UpdateUserName{}}, 1), now_);
  engine_.feed(wrap({types::UpdateUserName{}}, 1), now_);  // seq 1 again
  EXPECT_EQ(popped(), Strings{"updateUserName"});
  engine_.feed(wrap({types::UpdateUserName{}}, 3), now_);
  EXPECT_EQ(popped(), Strings{});
  advance(500ms);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{10, 0, 100}));
  engine_.on_difference(types::updates::DifferenceEmpty{200, 2}, now_);
  EXPECT_EQ(popped(), Strings{"updateUserName"});
  EXPECT_EQ(engine_.take_commit()->state.seq, 3);
}

TEST_F(UpdateEngineTest, OurOwnSentMessageTakesItsPtsWithoutAnEvent) {
  start_at(10);
  types::UpdateShortSentMessage sent;
  sent.out = true;
  sent.id = 5;
  sent.pts = 11;
  sent.pts_count = 1;
  engine_.feed(sent, now_);
  engine_.feed(pushed(12), now_);
  EXPECT_EQ(popped(), Strings{"m12"});
  EXPECT_FALSE(engine_.next_request(now_ + 1s)) << "no gap";
}

TEST_F(UpdateEngineTest, ShortMessagesBecomeFullOnes) {
  start_at(10);
  types::UpdateShortMessage m;
  m.out = true;
  m.id = 3;
  m.user_id = kUser;
  m.message = "hi";
  m.pts = 11;
  m.pts_count = 1;
  engine_.feed(m, now_);
  auto event = engine_.pop();
  ASSERT_TRUE(event);
  const auto* update = std::get<Delivery>(*event).update.as<types::UpdateNewMessage>();
  ASSERT_TRUE(update);
  const auto& full = *update->message.as<types::Message>();
  EXPECT_TRUE(full.out);
  EXPECT_EQ(full.message, "hi");
  EXPECT_EQ(full.from_id, tl::enums::Peer(types::PeerUser{kSelf}));
  EXPECT_EQ(full.peer_id, tl::enums::Peer(types::PeerUser{kUser}));
}

TEST_F(UpdateEngineTest, ChannelsKeepTheirOwnPtsAndFetchTheirGaps) {
  start_at(10);
  engine_.feed(channel_post(100), now_);  // first seen: sets the box
  engine_.feed(channel_post(101), now_);
  engine_.feed(channel_post(104), now_);
  EXPECT_EQ(popped(), (Strings{"c:m100", "c:m101"}));
  advance(500ms);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetChannelDifferenceRequest{kChannel, 101}));
  types::updates::ChannelDifference d;
  d.final = false;
  d.pts = 102;
  d.new_messages = {message(102, kChannel)};
  engine_.on_channel_difference(kChannel, d, now_);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetChannelDifferenceRequest{kChannel, 102}));
  d.final = true;
  d.pts = 103;
  d.new_messages = {message(103, kChannel)};
  engine_.on_channel_difference(kChannel, d, now_);
  EXPECT_EQ(popped(), (Strings{"c:m102", "c:m103", "c:m104"}));
  const auto commit = engine_.take_commit();
  ASSERT_TRUE(commit);
  EXPECT_EQ(commit->channels, (std::vector<ChannelPts>{{kChannel, 104}}));
}

TEST_F(UpdateEngineTest, ChannelTooLongIsFetchedAndChannelDifferenceTooLongReported) {
  start_at(10);
  engine_.feed(channel_post(100), now_);
  popped();
  engine_.feed(types::UpdateShort{types::UpdateChannelTooLong{kChannel, {}}, 0}, now_);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetChannelDifferenceRequest{kChannel, 100}));
  types::updates::ChannelDifferenceTooLong too_long;
  too_long.final = true;
  types::Dialog dialog;
  dialog.pts = 900;
  too_long.dialog = dialog;
  engine_.on_channel_difference(kChannel, too_long, now_);
  engine_.feed(channel_post(901), now_);
  EXPECT_EQ(popped(), (Strings{"lost channel 555 100..900", "c:m901"}));
}

TEST_F(UpdateEngineTest, AChannelGoneIsDroppedAndItsGapReported) {
  start_at(10);
  engine_.feed(channel_post(100), now_);
  engine_.feed(channel_post(105), now_);
  advance(500ms);
  const auto request = engine_.next_request(now_);
  ASSERT_TRUE(request);
  engine_.on_failure(*request, "CHANNEL_PRIVATE", now_);
  EXPECT_EQ(popped(), (Strings{"c:m100", "lost channel 555 100..105"}));
  EXPECT_FALSE(engine_.next_request(now_ + 1min)) << "the box is gone";
}

TEST_F(UpdateEngineTest, OutdatedTimestampsAndOtherFailuresAreRetriedWithBackoff) {
  start_at(10);
  engine_.feed(channel_post(100), now_);
  engine_.feed(channel_post(102), now_);
  advance(500ms);
  auto request = engine_.next_request(now_);
  ASSERT_TRUE(request);
  engine_.on_failure(*request, "PERSISTENT_TIMESTAMP_OUTDATED", now_);
  EXPECT_FALSE(engine_.next_request(now_));
  EXPECT_EQ(engine_.next_deadline(), now_ + 1s);
  advance(1s);
  request = engine_.next_request(now_);
  ASSERT_TRUE(request);
  engine_.on_failure(*request, "", now_);
  EXPECT_EQ(engine_.next_deadline(), now_ + 2s);
  advance(2s);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetChannelDifferenceRequest{kChannel, 100}));
}

TEST_F(UpdateEngineTest, AnInvalidStoredStateStartsOverFromTheServersAndReportsTheGap) {
  engine_.start(UpdateState{50, 2, 100, 0}, {}, kSelf, now_);
  const auto request = engine_.next_request(now_);
  ASSERT_TRUE(request);
  engine_.on_failure(*request, "PERSISTENT_TIMESTAMP_INVALID", now_);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetStateRequest{}));
  engine_.on_state(state(80, 2), now_);
  EXPECT_EQ(popped(), Strings{"lost common 50..80"});
  EXPECT_EQ(engine_.take_commit()->state.pts, 80);
}

TEST_F(UpdateEngineTest, AResyncAndAnIdleSpellFetchTheDifference) {
  start_at(10);
  engine_.resync(now_);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{10, 0, 100}));
  engine_.on_difference(types::updates::DifferenceEmpty{100, 0}, now_);
  EXPECT_EQ(engine_.next_deadline(), now_ + 15min);
  advance(15min);
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{10, 0, 100}));
}

TEST_F(UpdateEngineTest, AFullBufferTurnsNumberedUpdatesAwayAndFetchesThemLater) {
  start_at(10);
  for (int pts = 11; pts <= 30; ++pts) engine_.feed(pushed(pts), now_);
  engine_.feed(typing(), now_);
  engine_.feed(typing(), now_);
  EXPECT_EQ(engine_.buffered(), 10u);
  EXPECT_FALSE(engine_.next_request(now_)) << "nothing fetched while the buffer is full";
  const auto got = popped();
  EXPECT_EQ(got.size(), 11u) << "ten buffered and the count of unnumbered ones dropped";
  EXPECT_EQ(got.back(), "lost unnumbered 0..2");
  EXPECT_EQ(engine_.next_request(now_), UpdateRequest(GetDifferenceRequest{20, 0, 100}));
  types::updates::Difference d;
  for (int id = 21; id <= 30; ++id) d.new_messages.push_back(message(id));
  d.state = state(30);
  engine_.on_difference(d, now_);
  const auto rest = popped();
  ASSERT_EQ(rest.size(), 10u);
  EXPECT_EQ(rest.front(), "m21");
  EXPECT_EQ(rest.back(), "m30");
}

TEST_F(UpdateEngineTest, UnnumberedUpdatesPassStraightThrough) {
  start_at(10);
  engine_.feed(typing(), now_);
  EXPECT_EQ(popped(), Strings{"updateUserTyping"});
}

// Every constructor of Update that the schema numbers with pts and pts_count,
// or with qts, must be known to the engine, or a new layer's updates would
// pass unchecked; and none that the schema does not number.
TEST(UpdateSequence, KnowsEveryNumberedUpdateOfTheSchema) {
  std::ifstream file(LAYER_API_SCHEMA);
  ASSERT_TRUE(file) << LAYER_API_SCHEMA;
  std::stringstream text;
  text << file.rdbuf();
  const auto schema = tl_parser::parse(text.str());
  int numbered = 0;
  for (const auto& d : schema.definitions) {
    if (d.category != tl_parser::Category::type || d.result.full_name() != "Update") continue;
    std::set<std::string> fields;
    for (const auto& p : d.params) fields.insert(p.name);
    const bool has = (fields.contains("pts") && fields.contains("pts_count")) || fields.contains("qts");
    numbered += has;
    EXPECT_EQ(numbering_of(d.id).has_value(), has) << d.full_name();
  }
  EXPECT_GT(numbered, 25);
}

}  // namespace
}  // namespace layer::client::detail
