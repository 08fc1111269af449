// What serving an older layer costs: building the translator (parsing our
// schema and the overlays, once per process) and rewriting one object each
// way, next to copying the same bytes in our own layer.
//
//   build                     make_translator with the built-in overlays
//   user_to_144               our user → Telethon's layer-144 user
//   updates_to_144            an `updates` with a message and two users (the push a bot gets)
//   send_message_from_144     Telethon's messages.sendMessage → ours
#include <benchmark/benchmark.h>

#include "layer/tl.hpp"
#include "layers/translator.hpp"

namespace {

namespace types = layer::tl::types;
using layer::fakedc::make_translator;

types::User person(std::int64_t id) {
  types::User u;
  u.id = id;
  u.access_hash = -42;
  u.first_name = "Gina";
  u.username = "gina";
  u.status = types::UserStatusEmpty{};
  return u;
}

void BM_Build(benchmark::State& state) {
  for (auto _ : state) {
    // An extra (empty) overlay makes each call build a translator of its own.
    benchmark::DoNotOptimize(make_translator({{1, "// LAYER 1\n"}}));
  }
}

void BM_UserTo144(benchmark::State& state) {
  const auto translator = make_translator({});
  const auto ours = layer::tl::serialize(layer::tl::enums::User(person(1000000)));
  for (auto _ : state) benchmark::DoNotOptimize(translator->to_layer(144, ours));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * ours.size()));
}

void BM_UpdatesTo144(benchmark::State& state) {
  const auto translator = make_translator({});
  types::Message m;
  m.id = 7;
  m.peer_id = types::PeerUser{1000000};
  m.from_id = types::PeerUser{1000001};
  m.date = 1800000000;
  m.message = "hello from layer 198";
  m.reply_markup = types::ReplyKeyboardHide{};
  const auto ours = layer::tl::serialize(layer::tl::enums::Updates(types::Updates{
      {types::UpdateNewMessage{m, 3, 1}}, {person(1000000), person(1000001)}, {}, 1800000000, 0}));
  for (auto _ : state) benchmark::DoNotOptimize(translator->to_layer(144, ours));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * ours.size()));
}

void BM_SendMessageFrom144(benchmark::State& state) {
  const auto translator = make_translator({});
  // Telethon's layer-144 messages.sendMessage (tests/data/layers/vectors/144_send_message.bin).
  const layer::tl::Bytes theirs = [] {
    layer::tl::Bytes out;
    layer::tl::Writer w(out);
    w.write_u32(0x0d9d75a4);
    w.write_u32(1u << 5);  // silent
    w.write_u32(0xdde8a54c);
    w.write_i64(1000000);
    w.write_i64(77);
    w.write_string("hi");
    w.write_i64(5);
    w.finish();
    return out;
  }();
  for (auto _ : state) benchmark::DoNotOptimize(translator->request_to_current(144, theirs));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * theirs.size()));
}

BENCHMARK(BM_Build)->Name("build")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_UserTo144)->Name("user_to_144");
BENCHMARK(BM_UpdatesTo144)->Name("updates_to_144");
BENCHMARK(BM_SendMessageFrom144)->Name("send_message_from_144");

}  // namespace
