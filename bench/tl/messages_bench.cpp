// Serialize / deserialize throughput of a messages.messages holding 100
// realistic messages (text, entities, inline keyboards) with their users and
// chats: the shape of a getHistory answer.
#include <benchmark/benchmark.h>

#include "layer/tl.hpp"

namespace {

using namespace layer::tl;

types::Message make_message(std::int32_t i) {
  std::string text =
      "Message number " + std::to_string(i) +
      ": the quick brown fox jumps over the lazy dog, see https://example.org/page and @someone";
  std::vector<enums::MessageEntity> entities{types::MessageEntityBold{.offset = 0, .length = 7},
                                             types::MessageEntityUrl{.offset = 65, .length = 24},
                                             types::MessageEntityMention{.offset = 94, .length = 8}};
  std::vector<enums::KeyboardInlineButton> buttons;
  for (int b = 0; b < 2; ++b) {
    Bytes data{std::byte{0x01}, static_cast<std::byte>(b), static_cast<std::byte>(i)};
    buttons.push_back(types::KeyboardInlineButton{.text = "Button " + std::to_string(b),
                                                  .type = types::InlineButtonTypeCallback{.data = data}});
  }
  types::Message message{.out = i % 2 == 0,
                         .id = 1000 + i,
                         .from_id = types::PeerUser{.user_id = 5000 + i % 20},
                         .peer_id = types::PeerChat{.chat_id = 77},
                         .date = 1700000000 + i,
                         .message = std::move(text)};
  message.entities = std::move(entities);
  message.reply_markup =
      types::ReplyInlineMarkup{.rows = {types::KeyboardInlineButtonRow{.buttons = std::move(buttons)}}};
  message.views = 10 * i;
  return message;
}

types::User make_user(std::int64_t i) {
  types::User user{.id = 5000 + i};
  user.access_hash = -1234567890123 * (i + 1);
  user.first_name = "First" + std::to_string(i);
  user.last_name = "Last";
  user.username = "user_" + std::to_string(i);
  user.status = types::UserStatusRecently{};
  return user;
}

types::messages::Messages make_history() {
  types::messages::Messages history;
  for (std::int32_t i = 0; i < 100; ++i) history.messages.push_back(make_message(i));
  for (std::int64_t i = 0; i < 20; ++i) history.users.push_back(make_user(i));
  for (std::int64_t i = 0; i < 5; ++i) {
    history.chats.push_back(types::Chat{.id = 77 + i,
                                        .title = "Group " + std::to_string(i),
                                        .photo = types::ChatPhotoEmpty{},
                                        .participants_count = 20,
                                        .date = 1690000000,
                                        .version = 3});
  }
  return history;
}

void BM_SerializeHistory(benchmark::State& state) {
  enums::messages::Messages history = make_history();
  Bytes out;
  for (auto _ : state) {
    out.clear();
    Writer w(out);
    history.serialize(w);
    w.finish();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
  state.SetItemsProcessed(state.iterations() * 100);
  state.counters["bytes"] = static_cast<double>(out.size());
}
BENCHMARK(BM_SerializeHistory);

void BM_DeserializeHistory(benchmark::State& state) {
  Bytes bytes = serialize(enums::messages::Messages(make_history()));
  for (auto _ : state) {
    auto history = deserialize<enums::messages::Messages>(bytes);
    benchmark::DoNotOptimize(history);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_DeserializeHistory);

}  // namespace
