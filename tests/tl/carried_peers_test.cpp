// tl::carried_peers against the schema itself: every constructor that declares
// users:Vector<User> or chats:Vector<Chat> hands them out, no other does, and
// the vectors are the decoded value's own.
#include <gtest/gtest.h>

#include "layer/tl.hpp"
#include "layer/tl/carried_peers.hpp"
#include "random_encoder.hpp"

namespace layer::tl {
namespace {

using test::RandomEncoder;

const test::SchemaIndex& schema() {
  static const test::SchemaIndex index(LAYER_API_SCHEMA, LAYER_MTPROTO_SCHEMA);
  return index;
}

bool declares(const tl_parser::Definition& def, std::string_view name, std::string_view element) {
  for (const tl_parser::Param& p : def.params) {
    if (p.name == name && p.type.name == "Vector" && p.type.args.size() == 1 &&
        p.type.args[0].name == element && p.type.args[0].ns.empty()) {
      return true;
    }
  }
  return false;
}

TEST(CarriedPeers, EveryConstructorDeclaringThemHandsThemOut) {
  std::size_t with_users = 0;
  for (const auto* def : schema().all()) {
    if (def->category != tl_parser::Category::type || test::mapped_to_builtin(*def)) continue;
    SCOPED_TRACE(def->full_name());
    AnyObject decoded = deserialize<AnyObject>(
        RandomEncoder(schema(), def->id, RandomEncoder::Optional::all_present).encode(*def));
    CarriedPeers peers = carried_peers(decoded);
    EXPECT_EQ(peers.users != nullptr, declares(*def, "users", "User"));
    EXPECT_EQ(peers.chats != nullptr, declares(*def, "chats", "Chat"));
    if (peers.users) ++with_users;
  }
  EXPECT_GT(with_users, 90u);
}

TEST(CarriedPeers, TheVectorsAreTheValuesOwn) {
  types::payments::PaymentForm form;
  form.users.push_back(types::User{.id = 7, .access_hash = 99});
  enums::payments::PaymentForm boxed = form;
  CarriedPeers peers = carried_peers(boxed);
  ASSERT_NE(peers.users, nullptr);
  EXPECT_EQ(peers.users, &boxed.as<types::payments::PaymentForm>()->users);
  EXPECT_EQ(peers.chats, nullptr);

  enums::messages::MessageReactionsList reactions =
      types::messages::MessageReactionsList{.chats = {types::ChatEmpty{.id = 5}}, .users = {}};
  peers = carried_peers(reactions);
  ASSERT_NE(peers.chats, nullptr);
  ASSERT_EQ(peers.chats->size(), 1u);
  EXPECT_TRUE(peers.chats->front().is<types::ChatEmpty>());
  ASSERT_NE(peers.users, nullptr);
  EXPECT_TRUE(peers.users->empty());
}

TEST(CarriedPeers, NoneForAnEmptyBoxOrAConstructorWithout) {
  enums::messages::Messages empty;
  CarriedPeers peers = carried_peers(empty);
  EXPECT_EQ(peers.users, nullptr);
  EXPECT_EQ(peers.chats, nullptr);
  enums::messages::Messages not_modified = types::messages::MessagesNotModified{.count = 3};
  peers = carried_peers(not_modified);
  EXPECT_EQ(peers.users, nullptr);
  EXPECT_EQ(peers.chats, nullptr);
}

}  // namespace
}  // namespace layer::tl
