// The bot API calls against the fake DC: what each one changes in the fake
// DC's world (both sides' copies of a message, their entities, reply headers,
// markup, pinned and silent flags), what the client returns, and how each
// refusal surfaces: an RPC error typed, an unknown peer before any call.
//
// Options are built in statements of their own, never inside a co_await
// expression, where GCC 12 miscompiles aggregate initializers.
#include <gtest/gtest.h>

#include <boost/asio/experimental/awaitable_operators.hpp>

#include "bot_api_fixture.hpp"
#include "layer/client/formatting.hpp"
#include "layer/client/reply_markup.hpp"
#include "layer/tl/functions/contacts.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/functions/payments.hpp"
#include "layer/tl/types/messages.hpp"
#include "layer/tl/types/payments.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;
namespace types = tl::types;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;

class BotApi : public BotApiTest {
 protected:
  // Ann writes to the bot; the bot's id of her message.
  asio::awaitable<std::int32_t> ann_writes(UpdateStream& bot_updates, std::string text) {
    co_await ann_->send_message(bot_for_ann_, text);
    const auto got = co_await next_of<NewMessage>(
        bot_updates, [&](const NewMessage& m) { return !m.outgoing() && m.text() == text; });
    co_return got.id();
  }
};

TEST_F(BotApi, SendReturnsTheMessageAsStoredOnBothSides) {
  types::Message sent;
  std::string ann_saw;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto ann_updates = ann_->updates();
    sent = co_await bot_->send_message(ann_for_bot_, "hello");
    const auto got =
        co_await next_of<NewMessage>(ann_updates, [](const NewMessage& m) { return !m.outgoing(); });
    ann_saw = got.text();
    close();
  }());
  EXPECT_TRUE(sent.out);
  EXPECT_EQ(sent.message, "hello");
  EXPECT_EQ(Peer::of(sent.peer_id), ann_for_bot_);
  const auto& mine = stored(bot_id_, sent.id);
  EXPECT_TRUE(mine.out);
  EXPECT_EQ(mine.message, "hello");
  EXPECT_EQ(mine.date, sent.date);
  const auto& theirs = copy_of(bot_id_, sent.id);
  EXPECT_FALSE(theirs.out);
  EXPECT_EQ(theirs.message, "hello");
  ASSERT_TRUE(theirs.from_id && theirs.from_id->is<types::PeerUser>());
  EXPECT_EQ(theirs.from_id->as<types::PeerUser>()->user_id, bot_id_);
  EXPECT_EQ(ann_saw, "hello");
}

// Entities count UTF-16 code units: the emoji before "italic" is two.
TEST_F(BotApi, FormattedTextIsSentAndEditedWithItsEntities) {
  const auto markdown = parse_markdown("*bold* 👍 _italic_");
  constexpr const char* kHtml = "<b>bold</b> <a href=\"https://example.com\">link</a>";
  const auto html = parse_html(kHtml);
  ASSERT_EQ(markdown.entities.size(), 2u);
  const auto* italic = markdown.entities[1].as<types::MessageEntityItalic>();
  ASSERT_NE(italic, nullptr);
  EXPECT_EQ(italic->offset, 8);
  types::Message sent;
  std::string both_given;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    sent = co_await bot_->send_message(ann_for_bot_, markdown);
    co_await bot_->edit_message(ann_for_bot_, sent.id, parse_html(kHtml));
    SendOptions with_entities;
    with_entities.entities = markdown.entities;
    try {
      co_await bot_->send_message(ann_for_bot_, markdown, with_entities);
    } catch (const std::invalid_argument& e) {
      both_given = e.what();
    }
    close();
  }());
  EXPECT_EQ(sent.message, markdown.text);
  EXPECT_EQ(sent.entities, std::optional(markdown.entities));
  for (const auto* m : {&stored(bot_id_, sent.id), &copy_of(bot_id_, sent.id)}) {
    EXPECT_EQ(m->message, html.text);
    EXPECT_EQ(m->entities, std::optional(html.entities));
    EXPECT_TRUE(m->edit_date.has_value());
  }
  EXPECT_NE(both_given, "");
  EXPECT_EQ(world().mailbox(ann_id_).messages.size(), 1u);  // the refused one never left
}

TEST_F(BotApi, ReplyNamesEachSidesOwnIdOfTheMessageAnswered) {
  std::int32_t question = 0;
  types::Message sent;
  std::string unknown;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto bot_updates = bot_->updates();
    question = co_await ann_writes(bot_updates, "question?");
    SendOptions reply;
    reply.reply_to = question;
    sent = co_await bot_->send_message(ann_for_bot_, "answer", reply);
    SendOptions nowhere;
    nowhere.reply_to = 999;
    unknown = co_await rpc_error_of(bot_->send_message(ann_for_bot_, "lost", nowhere));
    close();
  }());
  ASSERT_TRUE(sent.reply_to.has_value());
  EXPECT_EQ(sent.reply_to->as<types::MessageReplyHeader>()->reply_to_msg_id, question);
  const auto& mine = stored(bot_id_, sent.id);
  ASSERT_TRUE(mine.reply_to.has_value());
  EXPECT_EQ(mine.reply_to->as<types::MessageReplyHeader>()->reply_to_msg_id, question);
  const auto& theirs = copy_of(bot_id_, sent.id);
  ASSERT_TRUE(theirs.reply_to.has_value());
  EXPECT_EQ(theirs.reply_to->as<types::MessageReplyHeader>()->reply_to_msg_id, copy_id(bot_id_, question));
  EXPECT_EQ(unknown, "REPLY_MESSAGE_ID_INVALID");
  EXPECT_EQ(world().mailbox(ann_id_).messages.size(), 2u);
}

// The fake DC makes no link previews: what no_webpage changes is the request.
TEST_F(BotApi, SilentIsStoredAndNoWebpageIsSent) {
  const auto sends = spy<fn::messages::SendMessage>();
  types::Message sent;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    SendOptions options;
    options.silent = true;
    options.no_webpage = true;
    sent = co_await bot_->send_message(ann_for_bot_, "see https://example.com", options);
    close();
  }());
  EXPECT_TRUE(sent.silent);
  EXPECT_TRUE(stored(bot_id_, sent.id).silent);
  EXPECT_TRUE(copy_of(bot_id_, sent.id).silent);
  ASSERT_EQ(sends->size(), 1u);
  EXPECT_TRUE(sends->front().no_webpage);
  EXPECT_TRUE(sends->front().silent);
}

// Telegram lets users schedule, not bots: Ann's message waits on the server
// and reaches the bot as a new message when the (virtual) clock gets to its
// date; the bot's own attempt is refused by name.
TEST_F(BotApi, AScheduledMessageArrivesAtItsDateAndBotsMayNotSchedule) {
  const auto sends = spy<fn::messages::SendMessage>();
  const auto when = std::chrono::floor<std::chrono::seconds>(virtual_clock_->now() + 1h);
  const auto date = static_cast<std::int32_t>(std::chrono::system_clock::to_time_t(when));
  types::Message scheduled;
  std::optional<NewMessage> arrived;
  mtproto::Time arrived_at;
  std::string bot_schedules;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto bot_updates = bot_->updates();
    SendOptions later;
    later.schedule = when;
    scheduled = co_await ann_->send_message(bot_for_ann_, "later", later);
    arrived = co_await next_of<NewMessage>(bot_updates, [](const NewMessage& m) { return !m.outgoing(); });
    arrived_at = virtual_clock_->now();
    bot_schedules = co_await rpc_error_of(bot_->send_message(ann_for_bot_, "no", later));
    close();
  }());
  ASSERT_EQ(sends->size(), 2u);
  EXPECT_EQ(sends->front().schedule_date, std::optional(date));
  EXPECT_EQ(scheduled.message, "later");
  EXPECT_EQ(scheduled.date, date);
  ASSERT_TRUE(arrived.has_value());
  EXPECT_EQ(arrived->text(), "later");
  EXPECT_EQ(arrived->chat(), ann_for_bot_);
  EXPECT_GE(arrived->date(), date);
  EXPECT_TRUE(arrived->message().from_scheduled);
  EXPECT_GE(arrived_at, when);
  EXPECT_EQ(bot_schedules, "SCHEDULE_BOT_NOT_ALLOWED");
}

TEST_F(BotApi, ReplyMarkupIsStoredWithTheMessage) {
  const auto inline_keyboard = InlineKeyboard{}
                                   .row({callback_button("Yes", "y"), callback_button("No", "n")})
                                   .row({url_button("Docs", "https://core.telegram.org/bots")})
                                   .build();
  const auto reply_keyboard = ReplyKeyboard{}.row({text_button("Help")}).resize().build();
  types::Message with_buttons;
  types::Message with_keyboard;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    SendOptions buttons;
    buttons.reply_markup = inline_keyboard;
    with_buttons = co_await bot_->send_message(ann_for_bot_, "choose", buttons);
    SendOptions keyboard;
    keyboard.reply_markup = reply_keyboard;
    with_keyboard = co_await bot_->send_message(ann_for_bot_, "menu", keyboard);
    close();
  }());
  EXPECT_EQ(with_buttons.reply_markup, std::optional(inline_keyboard));
  EXPECT_EQ(copy_of(bot_id_, with_buttons.id).reply_markup, std::optional(inline_keyboard));
  EXPECT_EQ(with_keyboard.reply_markup, std::optional(reply_keyboard));
  EXPECT_EQ(copy_of(bot_id_, with_keyboard.id).reply_markup, std::optional(reply_keyboard));
}

// A caller that sends again with its own random_id (after its own restart,
// say) makes no second message, and is told the first one's id.
TEST_F(BotApi, TheSameCallerRandomIdTwiceIsOneMessage) {
  const auto sends = spy<fn::messages::SendMessage>();
  types::Message first;
  types::Message again;
  types::Message other;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    SendOptions once;
    once.random_id = 4242;
    first = co_await bot_->send_message(ann_for_bot_, "exactly once", once);
    again = co_await bot_->send_message(ann_for_bot_, "exactly once", once);
    SendOptions next;
    next.random_id = 4243;
    other = co_await bot_->send_message(ann_for_bot_, "exactly once", next);
    close();
  }());
  ASSERT_EQ(sends->size(), 3u);
  EXPECT_EQ((*sends)[0].random_id, 4242);
  EXPECT_EQ((*sends)[1].random_id, 4242);
  EXPECT_EQ(again.id, first.id);
  EXPECT_NE(other.id, first.id);
  EXPECT_EQ(world().mailbox(bot_id_).messages.size(), 2u);
  EXPECT_EQ(world().mailbox(ann_id_).messages.size(), 2u);
}

// Ann has never met Ben; her own contacts.resolveUsername call (through
// invoke, not resolve()) brings Ben's user with its access hash, and the
// client keeps it: she can write to him by id next.
TEST_F(BotApi, APeerAnAnswerBroughtCanBeNamedNext) {
  std::optional<Error> before;
  types::Message sent;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    const auto ben = Peer::user(ben_id_);
    before = co_await failure_of(ann_->send_message(ben, "hi"));
    fn::contacts::ResolveUsername resolve_ben;
    resolve_ben.username = "ben";
    co_await ann_->invoke(resolve_ben);
    sent = co_await ann_->send_message(ben, "hi Ben");
    close();
  }());
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->code, make_error_code(client_errc::unknown_peer));
  EXPECT_EQ(sent.message, "hi Ben");
  EXPECT_EQ(copy_of(ann_id_, sent.id).message, "hi Ben");
  EXPECT_EQ(world().mailbox(ann_id_).copies.at(sent.id).first, ben_id_);
}

// Any answer that carries users teaches the peer cache, not only the common
// ones: here a payment form (which the fake DC serves through a handler of
// the test's) brings Ben, and Ann can write to him next.
TEST_F(BotApi, AnyAnswerCarryingUsersTeachesThePeerCache) {
  for (const auto dc : cluster_.dc_ids()) {
    cluster_.dispatcher(dc).on<fn::payments::GetPaymentForm>([this](const fakedc::Call&, const auto&) {
      types::payments::PaymentForm form;
      form.bot_id = ben_id_;
      form.invoice = types::Invoice{.currency = "XTR"};
      form.users.push_back(types::User{.id = ben_id_, .access_hash = world().account(ben_id_)->access_hash});
      return form;
    });
  }
  types::Message sent;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    fn::payments::GetPaymentForm ask;
    ask.invoice = types::InputInvoiceSlug{.slug = "x"};
    co_await ann_->invoke(ask);
    sent = co_await ann_->send_message(Peer::user(ben_id_), "hi Ben");
    close();
  }());
  EXPECT_EQ(copy_of(ann_id_, sent.id).message, "hi Ben");
  EXPECT_EQ(world().mailbox(ann_id_).copies.at(sent.id).first, ben_id_);
}

// A peer the client has no access hash for is refused before anything is sent.
TEST_F(BotApi, AnUnknownPeerIsRefusedByEveryCall) {
  const auto sends = spy<fn::messages::SendMessage>();
  std::vector<std::optional<Error>> failures;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    const auto stranger = Peer::user(424242);
    const auto channel = Peer::channel(434343);
    const std::vector<std::int32_t> ids{1};
    failures.push_back(co_await failure_of(bot_->send_message(stranger, "hi")));
    failures.push_back(co_await failure_of(bot_->send_message(stranger, parse_markdown("*hi*"))));
    failures.push_back(co_await failure_of(bot_->edit_message(stranger, 1, "hi")));
    failures.push_back(co_await failure_of(bot_->delete_messages(stranger, ids)));
    failures.push_back(co_await failure_of(bot_->delete_messages(channel, ids)));
    failures.push_back(co_await failure_of(bot_->forward_messages(stranger, ann_for_bot_, ids)));
    failures.push_back(co_await failure_of(bot_->forward_messages(ann_for_bot_, stranger, ids)));
    failures.push_back(co_await failure_of(bot_->pin_message(stranger, 1)));
    failures.push_back(co_await failure_of(bot_->send_chat_action(stranger)));
    failures.push_back(co_await failure_of(bot_->resolve("@nobody_here")));
    close();
  }());
  ASSERT_EQ(failures.size(), 10u);
  for (std::size_t i = 0; i < failures.size(); ++i) {
    ASSERT_TRUE(failures[i].has_value()) << "call " << i;
    EXPECT_EQ(failures[i]->code, make_error_code(client_errc::unknown_peer)) << "call " << i;
  }
  EXPECT_TRUE(sends->empty());
}

TEST_F(BotApi, EditChangesBothSidesAndRefusalsAreTyped) {
  types::Message sent;
  std::int32_t annes = 0;
  std::string ann_saw;
  std::vector<std::string> refusals;
  const auto markup = InlineKeyboard{}.row({callback_button("Again", "again")}).build();
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto bot_updates = bot_->updates();
    auto ann_updates = ann_->updates();
    annes = co_await ann_writes(bot_updates, "mine");
    sent = co_await bot_->send_message(ann_for_bot_, "draft");
    EditOptions with_markup;
    with_markup.reply_markup = markup;
    co_await bot_->edit_message(ann_for_bot_, sent.id, "final", with_markup);
    const auto edited =
        co_await next_of<MessageEdited>(ann_updates, [](const MessageEdited&) { return true; });
    ann_saw = edited.text();
    refusals.push_back(co_await rpc_error_of(bot_->edit_message(ann_for_bot_, 999, "nothing there")));
    refusals.push_back(co_await rpc_error_of(bot_->edit_message(ann_for_bot_, annes, "not mine")));
    refusals.push_back(co_await rpc_error_of(bot_->edit_message(ann_for_bot_, sent.id, "final")));
    close();
  }());
  for (const auto* m : {&stored(bot_id_, sent.id), &copy_of(bot_id_, sent.id)}) {
    EXPECT_EQ(m->message, "final");
    EXPECT_EQ(m->reply_markup, std::optional(markup));
    EXPECT_TRUE(m->edit_date.has_value());
  }
  EXPECT_EQ(ann_saw, "final");
  EXPECT_EQ(refusals, (std::vector<std::string>{"MESSAGE_ID_INVALID", "MESSAGE_AUTHOR_REQUIRED",
                                                "MESSAGE_NOT_MODIFIED"}));
  EXPECT_EQ(stored(bot_id_, annes).message, "mine");
}

TEST_F(BotApi, DeleteForOurselvesOrForEveryone) {
  types::Message kept_for_ann;
  types::Message revoked;
  std::int32_t ann_copy_of_kept = 0;
  std::vector<std::int32_t> ann_told;
  std::optional<Error> unknown_id;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto ann_updates = ann_->updates();
    kept_for_ann = co_await bot_->send_message(ann_for_bot_, "only mine goes");
    revoked = co_await bot_->send_message(ann_for_bot_, "both go");
    ann_copy_of_kept = copy_id(bot_id_, kept_for_ann.id);
    const std::vector<std::int32_t> first{kept_for_ann.id};
    co_await bot_->delete_messages(ann_for_bot_, first, false);
    const std::vector<std::int32_t> second{revoked.id};
    co_await bot_->delete_messages(ann_for_bot_, second);
    const auto deleted =
        co_await next_of<MessagesDeleted>(ann_updates, [](const MessagesDeleted&) { return true; });
    ann_told = deleted.ids();
    // As on Telegram, ids that are not there are no error: nothing is deleted.
    const std::vector<std::int32_t> missing{999};
    unknown_id = co_await failure_of(bot_->delete_messages(ann_for_bot_, missing));
    close();
  }());
  EXPECT_TRUE(world().mailbox(bot_id_).messages.empty());
  const auto& anns = world().mailbox(ann_id_).messages;
  ASSERT_EQ(anns.size(), 1u);
  EXPECT_EQ(anns.begin()->first, ann_copy_of_kept);
  EXPECT_EQ(anns.begin()->second.message, "only mine goes");
  ASSERT_EQ(ann_told.size(), 1u);
  EXPECT_NE(ann_told[0], ann_copy_of_kept);
  EXPECT_EQ(unknown_id, std::nullopt);
}

TEST_F(BotApi, ForwardReturnsTheCopiesIdsInOrder) {
  std::vector<std::int32_t> originals;
  std::vector<std::int32_t> copies;
  std::vector<std::int32_t> quiet;
  std::vector<std::int32_t> again;
  std::string missing;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto bot_updates = bot_->updates();
    originals.push_back(co_await ann_writes(bot_updates, "one"));
    originals.push_back(co_await ann_writes(bot_updates, "two"));
    const auto ben = co_await bot_->resolve("@ben");
    copies = co_await bot_->forward_messages(ben, ann_for_bot_, originals);
    ForwardOptions own;
    own.silent = true;
    own.drop_author = true;
    own.random_ids = {77};
    const std::vector<std::int32_t> first{originals[0]};
    quiet = co_await bot_->forward_messages(ben, ann_for_bot_, first, own);
    again = co_await bot_->forward_messages(ben, ann_for_bot_, first, own);
    const std::vector<std::int32_t> nothing{999};
    missing = co_await rpc_error_of(bot_->forward_messages(ben, ann_for_bot_, nothing));
    close();
  }());
  ASSERT_EQ(copies.size(), 2u);
  const std::vector<std::string> texts{"one", "two"};
  for (std::size_t i = 0; i < copies.size(); ++i) {
    EXPECT_EQ(stored(bot_id_, copies[i]).message, texts[i]);
    const auto& bens = copy_of(bot_id_, copies[i]);
    EXPECT_EQ(bens.message, texts[i]);
    ASSERT_TRUE(bens.fwd_from.has_value());
    const auto& author = bens.fwd_from->as<types::MessageFwdHeader>()->from_id;
    ASSERT_TRUE(author && author->is<types::PeerUser>());
    EXPECT_EQ(author->as<types::PeerUser>()->user_id, ann_id_);
    EXPECT_FALSE(bens.silent);
  }
  ASSERT_EQ(quiet.size(), 1u);
  const auto& own_copy = copy_of(bot_id_, quiet[0]);
  EXPECT_FALSE(own_copy.fwd_from.has_value());
  EXPECT_TRUE(own_copy.silent);
  EXPECT_EQ(again, quiet);
  EXPECT_EQ(world().mailbox(ben_id_).messages.size(), 3u);
  EXPECT_EQ(missing, "MESSAGE_ID_INVALID");
}

TEST_F(BotApi, PinForBothSidesOrOneAndUnpin) {
  const auto pins = spy<fn::messages::UpdatePinnedMessage>();
  types::Message rules;
  types::Message note;
  bool pinned_both = false;
  std::string missing;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    rules = co_await bot_->send_message(ann_for_bot_, "rules");
    note = co_await bot_->send_message(ann_for_bot_, "note to self");
    PinOptions quietly;
    quietly.silent = true;
    co_await bot_->pin_message(ann_for_bot_, rules.id, quietly);
    pinned_both = stored(bot_id_, rules.id).pinned && copy_of(bot_id_, rules.id).pinned;
    PinOptions unpin;
    unpin.unpin = true;
    co_await bot_->pin_message(ann_for_bot_, rules.id, unpin);
    PinOptions one_side;
    one_side.pm_oneside = true;
    co_await bot_->pin_message(ann_for_bot_, note.id, one_side);
    missing = co_await rpc_error_of(bot_->pin_message(ann_for_bot_, 999));
    close();
  }());
  EXPECT_TRUE(pinned_both);
  EXPECT_FALSE(stored(bot_id_, rules.id).pinned);
  EXPECT_FALSE(copy_of(bot_id_, rules.id).pinned);
  EXPECT_TRUE(stored(bot_id_, note.id).pinned);
  EXPECT_FALSE(copy_of(bot_id_, note.id).pinned);
  ASSERT_EQ(pins->size(), 4u);
  // The fake DC posts no "pinned" service message for silent to quieten: the request says it.
  EXPECT_TRUE((*pins)[0].silent);
  EXPECT_TRUE((*pins)[1].unpin);
  EXPECT_TRUE((*pins)[2].pm_oneside);
  EXPECT_EQ(missing, "MESSAGE_ID_INVALID");
}

TEST_F(BotApi, ChatActionReachesTheOtherSide) {
  std::vector<tl::enums::SendMessageAction> seen;
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto ann_updates = ann_->updates();
    const auto from_bot = [&](const UserStatus& s) { return s.action() && s.user_id() == bot_id_; };
    co_await bot_->send_chat_action(ann_for_bot_);
    seen.push_back(*(co_await next_of<UserStatus>(ann_updates, from_bot)).action());
    co_await bot_->send_chat_action(ann_for_bot_, types::SendMessageRecordAudioAction{});
    seen.push_back(*(co_await next_of<UserStatus>(ann_updates, from_bot)).action());
    close();
  }());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_TRUE(seen[0].is<types::SendMessageTypingAction>());
  EXPECT_TRUE(seen[1].is<types::SendMessageRecordAudioAction>());
}

// Ann presses the button under the bot's message; her call waits for the
// bot's answer, which the bot gives to the CallbackQuery it was shown.
TEST_F(BotApi, CallbackQueryIsAnsweredToTheUserWhoPressed) {
  std::optional<CallbackQuery> query;
  types::Message sent;
  tl::enums::messages::BotCallbackAnswer shown;
  std::string twice;
  std::string unknown;
  const auto keyboard = InlineKeyboard{}.row({callback_button("Yes", "y")}).build();
  const auto answer_press = [&](UpdateStream& updates) -> asio::awaitable<void> {
    query = co_await next_of<CallbackQuery>(updates, [](const CallbackQuery&) { return true; });
    CallbackAnswer answer;
    answer.text = "Done!";
    answer.alert = true;
    answer.cache_time = 5;
    co_await bot_->answer_callback_query(query->query_id(), answer);
    twice = co_await rpc_error_of(bot_->answer_callback_query(query->query_id(), "again"));
  };
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto bot_updates = bot_->updates();
    SendOptions buttons;
    buttons.reply_markup = keyboard;
    sent = co_await bot_->send_message(ann_for_bot_, "Press", buttons);
    fn::messages::GetBotCallbackAnswer press;
    press.peer = co_await ann_->input_peer(bot_for_ann_);
    press.msg_id = copy_id(bot_id_, sent.id);
    press.data = tl::Bytes{std::byte{'y'}};
    shown = co_await (ann_->invoke(press) && answer_press(bot_updates));
    unknown = co_await rpc_error_of(bot_->answer_callback_query(12345));
    close();
  }());
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->data(), "y");
  EXPECT_EQ(query->user_id(), ann_id_);
  EXPECT_EQ(query->chat(), std::optional(ann_for_bot_));
  EXPECT_EQ(query->message_id(), std::optional(sent.id));
  const auto* answer = shown.as<types::messages::BotCallbackAnswer>();
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(answer->message, std::optional<std::string>("Done!"));
  EXPECT_TRUE(answer->alert);
  EXPECT_EQ(answer->cache_time, 5);
  EXPECT_EQ(twice, "QUERY_ID_INVALID");
  EXPECT_EQ(unknown, "QUERY_ID_INVALID");
}

types::InputBotInlineResult article(std::string id, std::string text) {
  types::InputBotInlineResult result;
  result.id = std::move(id);
  result.type = "article";
  result.title = text;
  result.send_message = types::InputBotInlineMessageText{.message = std::move(text)};
  return result;
}

// Ann types "@api_bot cats"; the bot's first answer is refused (two results
// with one id) and the query still waits for a good one.
TEST_F(BotApi, InlineQueryIsAnsweredToTheUserWhoTyped) {
  std::optional<InlineQuery> query;
  tl::enums::messages::BotResults shown;
  std::string duplicate;
  std::string unknown;
  const auto answer_query = [&](UpdateStream& updates) -> asio::awaitable<void> {
    query = co_await next_of<InlineQuery>(updates, [](const InlineQuery&) { return true; });
    const std::vector<tl::enums::InputBotInlineResult> same_id{article("a", "A"), article("a", "B")};
    duplicate = co_await rpc_error_of(bot_->answer_inline_query(query->query_id(), same_id));
    InlineAnswer options;
    options.cache_time = 60;
    options.personal = true;
    options.next_offset = "2";
    const std::vector<tl::enums::InputBotInlineResult> results{article("a", "A"), article("b", "B")};
    co_await bot_->answer_inline_query(query->query_id(), results, options);
  };
  drive([&]() -> asio::awaitable<void> {
    co_await start();
    auto bot_updates = bot_->updates();
    const auto bot = co_await ann_->input_peer(bot_for_ann_);
    const auto& user = *bot.as<types::InputPeerUser>();
    fn::messages::GetInlineBotResults typed;
    typed.bot = types::InputUser{user.user_id, user.access_hash};
    typed.peer = bot;
    typed.query = "cats";
    shown = co_await (ann_->invoke(typed) && answer_query(bot_updates));
    const std::vector<tl::enums::InputBotInlineResult> late{article("c", "C")};
    unknown = co_await rpc_error_of(bot_->answer_inline_query(query->query_id(), late));
    close();
  }());
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->query(), "cats");
  EXPECT_EQ(query->user_id(), ann_id_);
  EXPECT_EQ(duplicate, "RESULT_ID_DUPLICATE");
  const auto* results = shown.as<types::messages::BotResults>();
  ASSERT_NE(results, nullptr);
  ASSERT_EQ(results->results.size(), 2u);
  const auto* first = results->results[0].as<types::BotInlineResult>();
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->id, "a");
  const auto* text = first->send_message.as<types::BotInlineMessageText>();
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(text->message, "A");
  EXPECT_EQ(results->next_offset, std::optional<std::string>("2"));
  EXPECT_EQ(results->cache_time, 60);
  EXPECT_EQ(unknown, "QUERY_ID_INVALID");
}

}  // namespace
}  // namespace layer::client::test
