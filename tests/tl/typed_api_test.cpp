#include <gtest/gtest.h>

#include <sstream>
#include <type_traits>

#include "layer/tl.hpp"

namespace layer::tl {
namespace {

static_assert(std::is_same_v<functions::messages::GetHistory::Return, enums::messages::Messages>);
static_assert(std::is_same_v<functions::users::GetUsers::Return, std::vector<enums::User>>);
static_assert(std::is_same_v<functions::Ping::Return, enums::Pong>);
static_assert(functions::InvokeWithLayer::is_generic);
static_assert(std::is_same_v<decltype(functions::InvokeWithLayer::query), AnyFunction>);
static_assert(std::is_nothrow_move_constructible_v<enums::Updates>);
static_assert(sizeof(enums::Updates) == sizeof(void*) + inline_box_size);
static_assert(stored_inline<types::PeerUser> && stored_inline<types::MessageEntityMentionName> &&
              stored_inline<types::InputPeerUser>);
static_assert(!stored_inline<types::MessageEntityTextUrl> && !stored_inline<types::Message>);

TEST(TypedApi, BoxedValuesMatchByType) {
  enums::MessageEntity entity = types::MessageEntityBold{.offset = 1, .length = 2};
  EXPECT_TRUE(entity.is<types::MessageEntityBold>());
  EXPECT_FALSE(entity.is<types::MessageEntityItalic>());
  ASSERT_NE(entity.as<types::MessageEntityBold>(), nullptr);
  EXPECT_EQ(entity.as<types::MessageEntityBold>()->length, 2);
  EXPECT_EQ(entity.as<types::MessageEntityItalic>(), nullptr);
  EXPECT_EQ(entity.id(), types::MessageEntityBold::ID);
  EXPECT_EQ(entity.name(), "messageEntityBold");
  switch (entity.id()) {
    case types::MessageEntityBold::ID:
      break;
    default:
      ADD_FAILURE() << "switch on id";
  }
}

TEST(TypedApi, CopiesAreDeepAndIndependent) {
  enums::MessageEntity original = types::MessageEntityTextUrl{.offset = 0, .length = 4, .url = "https://a"};
  enums::MessageEntity copy = original;
  EXPECT_EQ(copy, original);
  copy.as<types::MessageEntityTextUrl>()->url = "https://b";
  EXPECT_NE(copy, original);
  EXPECT_EQ(original.as<types::MessageEntityTextUrl>()->url, "https://a");
}

TEST(TypedApi, InlineValuesCopyMoveAndReadLikeHeapOnes) {
  enums::InputPeer original = types::InputPeerUser{.user_id = 42, .access_hash = -7};
  EXPECT_EQ(original.type_info()->stored_inline, true);
  enums::InputPeer copy = original;
  copy.as<types::InputPeerUser>()->access_hash = 8;
  EXPECT_EQ(original.as<types::InputPeerUser>()->access_hash, -7);
  EXPECT_NE(copy, original);
  enums::InputPeer moved = std::move(copy);
  EXPECT_TRUE(copy.empty());
  EXPECT_EQ(moved.as<types::InputPeerUser>()->access_hash, 8);
  moved = original;
  EXPECT_EQ(moved, original);
  EXPECT_EQ(to_string(moved), to_string(original));

  Bytes bytes = serialize(original);
  EXPECT_EQ(deserialize<enums::InputPeer>(bytes), original);
  bytes.pop_back();  // the access hash cut short: the read fails and the target keeps its value
  Reader reader(bytes);
  EXPECT_THROW(moved.read_from(reader), DecodeError);
  EXPECT_EQ(moved, original);
}

TEST(TypedApi, ReadingIntoAFullBoxCountsOneLevelOfNesting) {
  const Bytes bytes = serialize(enums::InputPeer(types::InputPeerUser{.user_id = 1, .access_hash = 2}));
  enums::InputPeer full = types::InputPeerSelf{};
  Reader reader(bytes, 1);
  full.read_from(reader);
  EXPECT_EQ(full, deserialize<enums::InputPeer>(bytes));
}

TEST(TypedApi, EmptyBoxedValuesRefuseToSerialize) {
  types::UpdateShortMessage message;
  message.fwd_from = enums::MessageFwdHeader{};
  EXPECT_THROW(serialize(message), EncodeError);
  enums::Updates empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.id(), 0u);
  EXPECT_EQ(to_string(empty), "<empty>{}");
}

TEST(TypedApi, PrintsInTlLikeText) {
  types::UpdateShortMessage message{.out = true, .id = 42, .user_id = 7, .message = "hi \"you\"", .pts = 3};
  message.entities = std::vector<enums::MessageEntity>{types::MessageEntityBold{.offset = 0, .length = 2}};
  EXPECT_EQ(
      to_string(message),
      "updateShortMessage{out: true, id: 42, user_id: 7, message: \"hi \\\"you\\\"\", pts: 3, pts_count: 0, "
      "date: 0, entities: [messageEntityBold{offset: 0, length: 2}]}");
  std::ostringstream os;
  os << enums::Updates(message);
  EXPECT_EQ(os.str(), to_string(message));
  types::InputFile binary{
      .id = 0, .parts = 0, .name = std::string("\x17\xed\x48", 3), .md5_checksum = "\u00fc"};
  EXPECT_EQ(to_string(binary), "inputFile{id: 0, parts: 0, name: \"\\x17\\xedH\", md5_checksum: \"\u00fc\"}");
  types::InputFile file{.id = 1, .parts = 2, .name = "a", .md5_checksum = ""};
  EXPECT_EQ(to_string(file), "inputFile{id: 1, parts: 2, name: \"a\", md5_checksum: \"\"}");
}

TEST(TypedApi, RequestsSerializeWithTheirIdAndNestQueries) {
  functions::InvokeWithLayer call{.layer = layer, .query = functions::help::GetConfig{}};
  Bytes bytes = serialize(call);
  AnyFunction decoded = deserialize<AnyFunction>(bytes);
  const auto* invoke = decoded.as<functions::InvokeWithLayer>();
  ASSERT_NE(invoke, nullptr);
  EXPECT_EQ(invoke->layer, layer);
  EXPECT_TRUE(invoke->query.is<functions::help::GetConfig>());
  // A function is not a constructor of a boxed type.
  EXPECT_THROW(deserialize<enums::Updates>(bytes), DecodeError);
}

TEST(TypedApi, ResultsAreReadAsTheFunctionsReturnType) {
  Bytes bytes = serialize(std::vector<std::int32_t>{1, 2, 3});
  Reader r(bytes);
  auto result = read<functions::contacts::GetContactIDs::Return>(r);
  EXPECT_EQ(result, (std::vector<std::int32_t>{1, 2, 3}));
  EXPECT_EQ(r.remaining(), 0u);
}

}  // namespace
}  // namespace layer::tl
