// The bot API in groups and channels against the fake DC: a supergroup's and
// a channel's messages live once in the channel's box, a basic group's in a
// copy per member, and send, edit, pin, forward and delete change what each
// kind of chat keeps, the way Telegram does. Refusals are typed RPC errors.
//
// Options are built in statements of their own, never inside a co_await
// expression, where GCC 12 miscompiles aggregate initializers.
#include <gtest/gtest.h>

#include "bot_api_fixture.hpp"
#include "layer/tl/functions/channels.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/messages.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace types = tl::types;

// Who a forward header names as the original's author.
std::optional<tl::enums::Peer> forwarded_from(const types::Message& m) {
  if (!m.fwd_from) return std::nullopt;
  return m.fwd_from->as<types::MessageFwdHeader>()->from_id;
}

// The chat createChat made, from the updates its answer wraps.
std::int64_t made_chat(const tl::enums::messages::InvitedUsers& invited) {
  const auto& updates = invited.as<types::messages::InvitedUsers>()->updates;
  const auto* combined = updates.as<types::UpdatesCombined>();
  const auto& chats = combined ? combined->chats : updates.as<types::Updates>()->chats;
  return chats.at(0).as<types::Chat>()->id;
}

class BotApiChats : public BotApiTest {
 protected:
  // The message of a channel's box; none when it was deleted.
  const types::Message* post(std::int64_t channel_id, std::int32_t id) {
    const auto& messages = world().channel(channel_id)->box.messages;
    const auto it = messages.find(id);
    return it == messages.end() ? nullptr : &it->second;
  }
  // Every member's copy of the group message that member `who` has as id.
  std::map<std::int64_t, const types::Message*> copies(std::int64_t group_id, std::int64_t who,
                                                       std::int32_t id) {
    std::map<std::int64_t, const types::Message*> out;
    const auto* of = world().group(group_id)->copies_of(who, id);
    if (of == nullptr) return out;
    for (const auto& [member, theirs] : *of) {
      const auto& box = world().mailbox(member).messages;
      const auto it = box.find(theirs);
      out[member] = it == box.end() ? nullptr : &it->second;
    }
    return out;
  }
};

TEST_F(BotApiChats, ASupergroupsMessagesChangeOnceForEveryone) {
  auto& room = world().add_channel("Room", ann_id_, true, "room");
  room.members.push_back(bot_id_);
  const auto room_id = room.id;
  std::int32_t mine = 0;
  std::int32_t anns = 0;
  std::vector<std::int32_t> into_room;
  std::vector<std::int32_t> to_ann;
  std::string not_modified;
  std::string not_author;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    const auto bots_room = co_await bot_->resolve("@room");
    const auto anns_room = co_await ann_->resolve("@room");
    mine = (co_await bot_->send_message(bots_room, "hello room")).id;
    co_await bot_->edit_message(bots_room, mine, "hello, room");
    EXPECT_EQ(post(room_id, mine)->message, "hello, room");
    EXPECT_TRUE(post(room_id, mine)->edit_date.has_value());
    not_modified = co_await rpc_error_of(bot_->edit_message(bots_room, mine, "hello, room"));
    anns = (co_await ann_->send_message(anns_room, "by ann")).id;
    not_author = co_await rpc_error_of(bot_->edit_message(bots_room, anns, "by the bot"));
    co_await bot_->pin_message(bots_room, mine);
    EXPECT_TRUE(post(room_id, mine)->pinned);
    const auto direct = co_await bot_->send_message(ann_for_bot_, "from the bot's chat");
    const std::vector<std::int32_t> direct_ids{direct.id};
    into_room = co_await bot_->forward_messages(bots_room, ann_for_bot_, direct_ids);
    const std::vector<std::int32_t> ann_ids{anns};
    to_ann = co_await bot_->forward_messages(ann_for_bot_, bots_room, ann_ids);
    const std::vector<std::int32_t> mine_ids{mine};
    co_await bot_->delete_messages(bots_room, mine_ids);
    close();
  }());
  EXPECT_EQ(not_modified, "MESSAGE_NOT_MODIFIED");
  EXPECT_EQ(not_author, "MESSAGE_AUTHOR_REQUIRED");
  EXPECT_EQ(post(room_id, mine), nullptr) << "deleted";
  ASSERT_NE(post(room_id, anns), nullptr);
  EXPECT_EQ(post(room_id, anns)->message, "by ann");
  ASSERT_EQ(into_room.size(), 1u);
  ASSERT_NE(post(room_id, into_room[0]), nullptr);
  EXPECT_EQ(post(room_id, into_room[0])->message, "from the bot's chat");
  EXPECT_EQ(forwarded_from(*post(room_id, into_room[0])), tl::enums::Peer(types::PeerUser{bot_id_}));
  ASSERT_EQ(to_ann.size(), 1u);
  const auto& anns_copy = copy_of(bot_id_, to_ann[0]);
  EXPECT_EQ(anns_copy.message, "by ann");
  EXPECT_EQ(forwarded_from(anns_copy), tl::enums::Peer(types::PeerUser{ann_id_}));
}

TEST_F(BotApiChats, ABroadcastChannelsPostsAreItsCreators) {
  auto& news = world().add_channel("News", bot_id_, false, "news");
  news.members.push_back(ann_id_);
  const auto news_id = news.id;
  std::int32_t id = 0;
  std::vector<std::int32_t> to_ann;
  std::string ann_edits;
  std::string ann_posts;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    const auto bots_news = co_await bot_->resolve("@news");
    const auto anns_news = co_await ann_->resolve("@news");
    id = (co_await bot_->send_message(bots_news, "issue 1")).id;
    co_await bot_->edit_message(bots_news, id, "issue 1, corrected");
    ann_edits = co_await rpc_error_of(ann_->edit_message(anns_news, id, "issue 2"));
    ann_posts = co_await rpc_error_of(ann_->send_message(anns_news, "mine"));
    const std::vector<std::int32_t> ids{id};
    to_ann = co_await bot_->forward_messages(ann_for_bot_, bots_news, ids);
    close();
  }());
  ASSERT_NE(post(news_id, id), nullptr);
  EXPECT_EQ(post(news_id, id)->message, "issue 1, corrected");
  EXPECT_TRUE(post(news_id, id)->post);
  EXPECT_EQ(ann_edits, "MESSAGE_AUTHOR_REQUIRED");
  EXPECT_EQ(ann_posts, "CHAT_WRITE_FORBIDDEN");
  ASSERT_EQ(to_ann.size(), 1u);
  EXPECT_EQ(forwarded_from(copy_of(bot_id_, to_ann[0])), tl::enums::Peer(types::PeerChannel{news_id}))
      << "a post names its channel";
}

TEST_F(BotApiChats, ABasicGroupsMessagesChangeInEveryMembersCopy) {
  std::int64_t club_id = 0;
  Peer group;
  std::int32_t mine = 0;
  std::int32_t anns_for_bot = 0;
  std::vector<std::int32_t> into_club;
  std::vector<std::int32_t> to_ann;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    // Ann makes the group (her client learns it from the answer's updates);
    // a bot knows a basic group once something from it reached the bot.
    auto bot_updates = bot_->updates();
    tl::functions::messages::CreateChat create;
    create.title = "Club";
    for (const auto id : {bot_id_, ben_id_})
      create.users.emplace_back(types::InputUser{id, world().account(id)->access_hash});
    const auto invited = co_await ann_->invoke(create);
    club_id = made_chat(invited);
    group = Peer::chat(club_id);
    co_await ann_->send_message(group, "ann's");
    anns_for_bot = (co_await next_of<NewMessage>(bot_updates, [&](const NewMessage& m) {
                     return m.chat() == group && m.text() == "ann's";
                   })).id();
    mine = (co_await bot_->send_message(group, "hi club")).id;
    co_await bot_->edit_message(group, mine, "hi, club");
    for (const auto& [member, copy] : copies(club_id, bot_id_, mine)) {
      EXPECT_EQ(copy ? copy->message : "", "hi, club") << member;
      EXPECT_TRUE(copy && copy->edit_date) << member;
    }
    co_await bot_->pin_message(group, mine);
    for (const auto& [member, copy] : copies(club_id, bot_id_, mine))
      EXPECT_TRUE(copy && copy->pinned) << member;
    const std::vector<std::int32_t> anns_ids{anns_for_bot};
    to_ann = co_await bot_->forward_messages(ann_for_bot_, group, anns_ids);
    const auto direct = co_await bot_->send_message(ann_for_bot_, "from the bot's chat");
    const std::vector<std::int32_t> direct_ids{direct.id};
    into_club = co_await bot_->forward_messages(group, ann_for_bot_, direct_ids);
    // The bot may revoke its own message, not Ann's: that goes for the bot only.
    const std::vector<std::int32_t> both{mine, anns_for_bot};
    co_await bot_->delete_messages(group, both);
    close();
  }());
  EXPECT_EQ(world().mailbox(bot_id_).messages.count(mine), 0u);
  for (const auto& [member, copy] : copies(club_id, bot_id_, mine)) EXPECT_EQ(copy, nullptr) << member;
  const auto anns = copies(club_id, ann_id_, world().group(club_id)->copies[0].at(ann_id_));
  EXPECT_NE(anns.at(ann_id_), nullptr);
  EXPECT_NE(anns.at(ben_id_), nullptr);
  EXPECT_EQ(anns.at(bot_id_), nullptr);
  ASSERT_EQ(to_ann.size(), 1u);
  EXPECT_EQ(forwarded_from(copy_of(bot_id_, to_ann[0])), tl::enums::Peer(types::PeerUser{ann_id_}));
  ASSERT_EQ(into_club.size(), 1u);
  const auto forwarded = copies(club_id, bot_id_, into_club[0]);
  EXPECT_EQ(forwarded.size(), 3u);
  for (const auto& [member, copy] : forwarded) {
    ASSERT_NE(copy, nullptr) << member;
    EXPECT_EQ(copy->message, "from the bot's chat");
    EXPECT_EQ(forwarded_from(*copy), tl::enums::Peer(types::PeerUser{bot_id_}));
  }
}

// A channel the bot is not in, met only as the origin of a forward in a group
// it is in: Telegram shows it min, without an access hash, and the message
// stands for it until an answer brings the whole channel.
TEST_F(BotApiChats, AChannelSeenOnlyInAForwardIsNamedThroughThatMessage) {
  const auto news_id = world().add_channel("News", ann_id_, false, "news").id;
  auto& room = world().add_channel("Room", ann_id_, true, "room");
  room.members.push_back(bot_id_);
  const auto room_id = room.id;
  std::string before;
  std::optional<tl::enums::InputPeer> through_message;
  std::int32_t forwarded_id = 0;
  std::optional<tl::enums::InputPeer> whole;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto bot_updates = bot_->updates();
    before = co_await rpc_error_of(bot_->input_peer(Peer::channel(news_id)));
    const auto anns_news = co_await ann_->resolve("@news");
    const auto anns_room = co_await ann_->resolve("@room");
    const auto headline = co_await ann_->send_message(anns_news, "headline");
    const std::vector<std::int32_t> post{headline.id};
    co_await ann_->forward_messages(anns_room, anns_news, post);
    forwarded_id = (co_await next_of<NewMessage>(bot_updates, [&](const NewMessage& m) {
                     return m.chat() == Peer::channel(room_id) && m.text() == "headline";
                   })).id();
    through_message = co_await bot_->input_peer(Peer::channel(news_id));
    const auto* from_message = through_message->as<types::InputPeerChannelFromMessage>();
    if (from_message == nullptr) co_return;
    tl::functions::channels::GetChannels get;
    get.id.emplace_back(
        types::InputChannelFromMessage{from_message->peer, from_message->msg_id, from_message->channel_id});
    co_await bot_->invoke(get);
    whole = co_await bot_->input_peer(Peer::channel(news_id));
    close();
  }());
  EXPECT_EQ(before, make_error_code(client_errc::unknown_peer).message());
  ASSERT_TRUE(through_message);
  const auto* from_message = through_message->as<types::InputPeerChannelFromMessage>();
  ASSERT_NE(from_message, nullptr) << "the min channel is named through the message";
  EXPECT_EQ(from_message->msg_id, forwarded_id);
  EXPECT_EQ(from_message->channel_id, news_id);
  const auto* in_room = from_message->peer.as<types::InputPeerChannel>();
  ASSERT_NE(in_room, nullptr);
  EXPECT_EQ(in_room->channel_id, room_id);
  ASSERT_TRUE(whole);
  const auto* by_hash = whole->as<types::InputPeerChannel>();
  ASSERT_NE(by_hash, nullptr) << "getChannels brought the whole channel";
  EXPECT_EQ(by_hash->access_hash, world().channel(news_id)->access_hash);
}

}  // namespace
}  // namespace layer::client::test
