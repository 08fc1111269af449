// Both sides of bench/bots/compare.sh, against a fake DC on loopback:
//
//   bots_bench bot PORT PUBKEY_PEM BOT_TOKEN
//   bots_bench user PORT PUBKEY_PEM PHONE BOT_USERNAME N IN_FLIGHT
//
// bot: our echo bot. Signs in with the token, prints "ready", and answers
// every private text with "Echo: <text>" until stdin closes or SIGINT/SIGTERM.
// Each echo is sent from its own coroutine, as Telethon and GramJS run each
// event handler in its own task.
//
// user: the load generator, the same for every bot. Signs in by code, sends
// the bot numbered texts and reads the echoes from its own update stream:
// first kLatencyMessages one at a time, for the latency from the send to the
// echo arriving back (p50, p99: an unloaded round trip through the bot, not
// time spent queueing); then N with IN_FLIGHT unanswered at a time, for the
// echoes per second from the first send to the last echo. Prints
// {"echo_per_s", "p50_ms", "p99_ms"}.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "layer/client/client.hpp"
#include "layer/client/memory_session_store.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/types/auth.hpp"
#include "signal.hpp"

namespace {

namespace asio = boost::asio;
namespace client = layer::client;
namespace fn = layer::tl::functions;
namespace types = layer::tl::types;
using Steady = std::chrono::steady_clock;

// Enough round trips for a p99 that is not one outlier, few enough that the
// slowest bot gets through them in seconds.
constexpr int kLatencyMessages = 1000;
// The first messages also carry the bot learning the user and both sides
// filling their caches: not timed.
constexpr int kWarmUpMessages = 20;
constexpr std::string_view kEcho = "Echo: ";

client::Config config_for(std::uint16_t port, const layer::crypto::RsaPublicKey& key) {
  client::Config c;
  c.api_id = 1;
  c.api_hash = "bench";
  c.store = std::make_shared<client::MemorySessionStore>();
  c.dcs = {{2, "127.0.0.1", port}};
  c.server_keys = {key};
  return c;
}

double ms_since(Steady::time_point start) {
  return std::chrono::duration<double, std::milli>(Steady::now() - start).count();
}

// The bot, and what stops it: a signal, or the end of stdin (the parent
// closing the pipe, or dying).
struct EchoBot {
  explicit EchoBot(asio::io_context& io) : signals(io, SIGINT, SIGTERM), input(io, ::dup(STDIN_FILENO)) {}

  void stop() {
    if (stopping) return;
    stopping = true;
    signals.cancel();
    // A second signal then takes its default action: the process ends even if closing hangs.
    signals.clear();
    input.cancel();
    if (client) client->close();
  }

  asio::signal_set signals;
  asio::posix::stream_descriptor input;
  std::shared_ptr<client::Client> client;
  bool stopping = false;
  std::exception_ptr failure;
};

asio::awaitable<void> until_eof(std::shared_ptr<EchoBot> bot) {
  std::array<char, 256> sink{};
  for (;;) {
    auto [error, n] =
        co_await bot->input.async_read_some(asio::buffer(sink), asio::as_tuple(asio::use_awaitable));
    if (error) break;
  }
  bot->stop();
}

asio::awaitable<void> run_bot(asio::io_context& io, std::uint16_t port,
                              const layer::crypto::RsaPublicKey& key, std::string token,
                              std::shared_ptr<EchoBot> bot) {
  bot->signals.async_wait([bot](const boost::system::error_code& error, int) {
    if (!error) bot->stop();
  });
  asio::co_spawn(io, until_eof(bot), asio::detached);
  bot->client = std::make_shared<client::Client>(
      co_await client::Client::connect(io.get_executor(), config_for(port, key)));
  // Stopped while connecting: stop() found no client to close.
  if (bot->stopping) co_return;
  co_await bot->client->bot_sign_in(token);
  auto updates = bot->client->updates();
  std::cout << "ready" << std::endl;
  while (auto update = co_await updates.next()) {
    const auto* msg = std::get_if<client::NewMessage>(&*update);
    if (msg == nullptr || msg->outgoing() || msg->chat().kind != client::Peer::Kind::user ||
        msg->text().empty())
      continue;
    asio::co_spawn(io, bot->client->send_message(msg->chat(), std::string(kEcho) + msg->text()),
                   [bot](std::exception_ptr error, const auto&) {
                     // Echoes cut short by stop() are not failures.
                     if (!error || bot->stopping) return;
                     bot->failure = error;
                     bot->stop();
                   });
  }
  if (bot->failure) std::rethrow_exception(bot->failure);
}

// The user's side: which message went out when, and what came back.
struct Load {
  explicit Load(asio::any_io_executor executor, int messages)
      : sent(static_cast<std::size_t>(messages)),
        latency_ms(static_cast<std::size_t>(messages), -1),
        echo(executor) {}

  std::vector<Steady::time_point> sent;
  std::vector<double> latency_ms;  // -1 until the echo arrives
  int in_flight = 0;
  int echoed = 0;
  client::detail::Signal echo;  // an echo arrived, or a send failed
  std::exception_ptr failure;
};

// The fake DC's login code is its DC id five times.
asio::awaitable<void> sign_in_user(client::Client& user, const std::string& phone) {
  fn::auth::SendCode send;
  send.phone_number = phone;
  send.api_id = 1;
  send.api_hash = "bench";
  send.settings = types::CodeSettings{};
  const auto sent = co_await user.invoke(send);
  fn::auth::SignIn sign_in;
  sign_in.phone_number = phone;
  sign_in.phone_code_hash = sent.as<types::auth::SentCode>()->phone_code_hash;
  sign_in.phone_code = std::string(5, static_cast<char>('0' + user.home_dc()));
  co_await user.invoke(sign_in);
}

// Each echo names its message by the number after "Echo: ".
asio::awaitable<void> read_echoes(client::UpdateStream updates, client::Peer bot,
                                  std::shared_ptr<Load> load) {
  while (auto update = co_await updates.next()) {
    const auto* msg = std::get_if<client::NewMessage>(&*update);
    if (msg == nullptr || msg->outgoing() || msg->chat() != bot || !msg->text().starts_with(kEcho)) continue;
    const std::string_view number = std::string_view(msg->text()).substr(kEcho.size());
    std::size_t i = 0;
    if (std::from_chars(number.data(), number.data() + number.size(), i).ec != std::errc{} ||
        i >= load->sent.size() || load->latency_ms[i] >= 0)
      continue;
    load->latency_ms[i] = ms_since(load->sent[i]);
    --load->in_flight;
    ++load->echoed;
    load->echo.notify();
  }
}

// Sends messages [from, to) with at most window of them unanswered and waits
// for the last echo; returns the milliseconds from the first send.
asio::awaitable<double> send_all(client::Client& user, client::Peer bot, std::shared_ptr<Load> load, int from,
                                 int to, int window) {
  auto executor = co_await asio::this_coro::executor;
  const auto start = Steady::now();
  const int target = load->echoed + (to - from);
  auto check = [&] {
    if (load->failure) std::rethrow_exception(load->failure);
  };
  for (int i = from; i < to; ++i) {
    while (load->in_flight >= window) {
      co_await load->echo.wait();
      check();
    }
    ++load->in_flight;
    load->sent[static_cast<std::size_t>(i)] = Steady::now();
    asio::co_spawn(executor, user.send_message(bot, std::to_string(i)),
                   [load](std::exception_ptr error, const auto&) {
                     if (!error || load->failure) return;
                     load->failure = error;
                     load->echo.notify();
                   });
  }
  while (load->echoed < target) {
    co_await load->echo.wait();
    check();
  }
  co_return ms_since(start);
}

double percentile(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

asio::awaitable<void> run_user(asio::io_context& io, std::uint16_t port,
                               const layer::crypto::RsaPublicKey& key, std::string phone,
                               std::string bot_name, int n, int window, std::ostream& out) {
  auto user = co_await client::Client::connect(io.get_executor(), config_for(port, key));
  co_await sign_in_user(user, phone);
  const auto bot = co_await user.resolve(bot_name);
  const int latency_end = kWarmUpMessages + kLatencyMessages;
  auto load = std::make_shared<Load>(io.get_executor(), latency_end + n);
  asio::co_spawn(io, read_echoes(user.updates(), bot, load), asio::detached);

  co_await send_all(user, bot, load, 0, kWarmUpMessages, 1);
  co_await send_all(user, bot, load, kWarmUpMessages, latency_end, 1);
  const double elapsed_ms = co_await send_all(user, bot, load, latency_end, latency_end + n, window);

  std::vector<double> round_trips(load->latency_ms.begin() + kWarmUpMessages,
                                  load->latency_ms.begin() + latency_end);
  std::sort(round_trips.begin(), round_trips.end());
  out << "{\"echo_per_s\":" << static_cast<long>(n / (elapsed_ms / 1e3))
      << ",\"p50_ms\":" << percentile(round_trips, 0.50) << ",\"p99_ms\":" << percentile(round_trips, 0.99)
      << "}";
  user.close();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr std::string_view kUsage =
    "usage: bots_bench bot PORT PUBKEY_PEM BOT_TOKEN\n"
    "       bots_bench user PORT PUBKEY_PEM PHONE BOT_USERNAME N IN_FLIGHT\n";

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const bool bot_mode = args.size() == 4 && args[0] == "bot";
  if (!bot_mode && !(args.size() == 7 && args[0] == "user")) {
    std::cerr << kUsage;
    return 2;
  }
  const auto port = static_cast<std::uint16_t>(std::stoi(args[1]));
  auto key = layer::crypto::RsaPublicKey::from_pem(read_file(args[2]));
  if (!key) {
    std::cerr << "bots_bench: " << args[2] << ": " << key.error().message() << "\n";
    return 2;
  }
  asio::io_context io(1);
  std::ostringstream out;
  std::exception_ptr failure;
  auto done = [&](std::exception_ptr e) {
    failure = e;
    // Whatever is still pending (the echo reader, a watcher) ends with the process.
    io.stop();
  };
  if (bot_mode) {
    asio::co_spawn(io, run_bot(io, port, *key, args[3], std::make_shared<EchoBot>(io)), done);
  } else {
    asio::co_spawn(
        io, run_user(io, port, *key, args[3], args[4], std::stoi(args[5]), std::stoi(args[6]), out), done);
  }
  io.run();
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      std::cerr << "bots_bench: " << e.what() << "\n";
      return 1;
    }
  }
  if (!bot_mode) std::cout << out.str() << "\n";
  return 0;
}
