// echo-bot: a bot on layer::client that answers every private text message
// with "Echo: <text>" and an inline "Done" button, and answers the button.
//
// With no settings it starts a fake DC in-process, seeds a bot and a user,
// and plays a conversation end to end (the user writes, the bot echoes, the
// user presses the button, the bot answers it), printing each step.
//
// Against a server:
//   BOT_TOKEN=123:abc API_ID=1 API_HASH=… echo-bot           real Telegram
//   LAYER_SERVER=host:port LAYER_RSA_KEY=public.pem BOT_TOKEN=… API_ID=… API_HASH=… echo-bot
// it signs in with the token and echoes until SIGINT or SIGTERM; the session
// (key, update state) is kept in echo-bot.session in the working directory,
// or in LAYER_SESSION. LAYER_DC names the server's DC id (default 2).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "layer/client/client.hpp"
#include "layer/client/memory_session_store.hpp"
#include "layer/client/reply_markup.hpp"
#include "layer/fakedc/cluster.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/auth.hpp"
#include "layer/tl/types/messages.hpp"

namespace {

namespace asio = boost::asio;
namespace client = layer::client;
namespace fn = layer::tl::functions;
namespace types = layer::tl::types;

void say(std::string_view who, std::string_view what) {
  std::cout << "[" << who << "] " << what << std::endl;
}

// The bot: every private text gets its echo and a button; the button its answer.
asio::awaitable<void> echo_updates(client::Client& bot) {
  auto updates = bot.updates();
  while (auto update = co_await updates.next()) {
    if (auto* msg = std::get_if<client::NewMessage>(&*update)) {
      if (msg->outgoing() || msg->chat().kind != client::Peer::Kind::user || msg->text().empty()) continue;
      say("bot", "got \"" + msg->text() + "\" from " + to_string(msg->chat()));
      // Options built before the co_await: GCC 12 miscompiles aggregates
      // initialised inside a co_await expression.
      client::SendOptions options;
      options.reply_markup = client::InlineKeyboard{}.row({client::callback_button("Done", "done")}).build();
      co_await bot.send_message(msg->chat(), "Echo: " + msg->text(), std::move(options));
    } else if (auto* press = std::get_if<client::CallbackQuery>(&*update)) {
      say("bot", "button \"" + std::string(press->data()) + "\" pressed by user " +
                     std::to_string(press->user_id()));
      client::CallbackAnswer answer;
      answer.text = "Done!";
      co_await bot.answer_callback_query(press->query_id(), std::move(answer));
    } else if (auto* lost = std::get_if<client::UpdatesLost>(&*update)) {
      say("bot", "Telegram could not return updates " + std::to_string(lost->from) + ".." +
                     std::to_string(lost->to) + " of " + to_string(lost->box));
    }
  }
}

// Owns the client: the loop may outlive the code that started it.
asio::awaitable<void> run_bot(std::shared_ptr<client::Client> bot) {
  try {
    co_await echo_updates(*bot);
  } catch (const client::Exception& e) {
    // Stopped while answering: the update in hand is not marked handled and
    // comes again on the next start.
    if (e.error().code != make_error_code(client::client_errc::client_closed)) throw;
  }
}

// The fake DC's login code is its DC id five times.
asio::awaitable<void> sign_in_user(client::Client& user, const std::string& phone) {
  fn::auth::SendCode send;
  send.phone_number = phone;
  send.api_id = 1;
  send.api_hash = "demo";
  send.settings = types::CodeSettings{};
  const auto sent = co_await user.invoke(send);
  fn::auth::SignIn sign_in;
  sign_in.phone_number = phone;
  sign_in.phone_code_hash = sent.as<types::auth::SentCode>()->phone_code_hash;
  sign_in.phone_code = std::string(5, static_cast<char>('0' + user.home_dc()));
  co_await user.invoke(sign_in);
}

// The next message the bot sends the user, read from the user's update stream.
asio::awaitable<client::NewMessage> next_from(client::UpdateStream& updates, const client::Peer& bot) {
  while (auto update = co_await updates.next()) {
    if (auto* msg = std::get_if<client::NewMessage>(&*update); msg && !msg->outgoing() && msg->chat() == bot)
      co_return *msg;
  }
  throw std::runtime_error("the user's client closed before the bot answered");
}

client::Config demo_config(layer::fakedc::Cluster& cluster) {
  client::Config config;
  config.api_id = 1;
  config.api_hash = "demo";
  config.store = std::make_shared<client::MemorySessionStore>();
  for (auto id : cluster.dc_ids()) {
    const auto endpoint = cluster.endpoint(id);
    config.dcs.push_back({id, endpoint.address().to_string(), endpoint.port()});
  }
  config.server_keys = {cluster.public_key()};
  return config;
}

asio::awaitable<void> demo(asio::io_context& io) {
  layer::fakedc::Cluster cluster(io.get_executor(),
                                 layer::fakedc::ClusterOptions{.log = [](std::string_view) {}});
  cluster.start();
  const auto token = cluster.world().add_bot("Echo", "echo_bot").bot_token;
  cluster.world().add_user("+999661234567", "Ann", "", "ann");
  say("demo", "fake DC started on " + cluster.endpoint(2).address().to_string() + ":" +
                  std::to_string(cluster.endpoint(2).port()) + " with a bot @echo_bot and a user Ann");

  auto bot = std::make_shared<client::Client>(
      co_await client::Client::connect(io.get_executor(), demo_config(cluster)));
  co_await bot->bot_sign_in(token);
  say("bot", "signed in as @echo_bot");
  asio::co_spawn(io, run_bot(bot), asio::detached);

  auto user = co_await client::Client::connect(io.get_executor(), demo_config(cluster));
  co_await sign_in_user(user, "+999661234567");
  auto user_updates = user.updates();
  const auto to_bot = co_await user.resolve("@echo_bot");
  say("user", "signed in as Ann, found @echo_bot");

  std::optional<client::NewMessage> echo;
  for (const char* text : {"hello", "how are you?", "👋 bye"}) {
    co_await user.send_message(to_bot, text);
    say("user", std::string("sent \"") + text + "\"");
    echo = co_await next_from(user_updates, to_bot);
    say("user", "got \"" + echo->text() + "\"");
    if (echo->text() != std::string("Echo: ") + text) throw std::runtime_error("wrong echo: " + echo->text());
  }

  // Press the echo's button, as a Telegram app does.
  const auto& markup = echo->message().reply_markup;
  const auto* keyboard = markup ? markup->as<types::ReplyInlineMarkup>() : nullptr;
  if (keyboard == nullptr || keyboard->rows.empty())
    throw std::runtime_error("the echo has no inline keyboard");
  const auto& button = keyboard->rows.front().as<types::KeyboardInlineButtonRow>()->buttons.front();
  const auto* pressed = button.as<types::KeyboardInlineButton>();
  const auto* callback = pressed ? pressed->type.as<types::InlineButtonTypeCallback>() : nullptr;
  if (callback == nullptr) throw std::runtime_error("the echo's button is not a callback button");
  fn::messages::GetBotCallbackAnswer press;
  press.peer = co_await user.input_peer(to_bot);
  press.msg_id = echo->id();
  press.data = callback->data;
  say("user", "pressed \"" + pressed->text + "\"");
  const auto answer = co_await user.invoke(press);
  const auto* reply = answer.as<types::messages::BotCallbackAnswer>();
  const std::string shown = reply && reply->message ? *reply->message : "";
  say("user", "the bot answered \"" + shown + "\"");
  if (shown != "Done!") throw std::runtime_error("the button's answer was \"" + shown + "\"");

  user.close();
  bot->close();
  cluster.stop();
  say("demo", "done: three echoes and a button press, end to end");
}

std::string env(const char* name, std::string fallback = {}) {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Against a real server: echo until a signal.
asio::awaitable<void> serve(asio::io_context& io) {
  client::Config config;
  config.api_id = std::stoi(env("API_ID", "0"));
  config.api_hash = env("API_HASH");
  if (config.api_id == 0 || config.api_hash.empty())
    throw std::invalid_argument("API_ID and API_HASH are needed");
  const auto token = env("BOT_TOKEN");
  if (token.empty()) throw std::invalid_argument("BOT_TOKEN is needed");
  config.session = env("LAYER_SESSION", "echo-bot.session");
  if (const auto server = env("LAYER_SERVER"); !server.empty()) {
    const auto colon = server.rfind(':');
    if (colon == std::string::npos) throw std::invalid_argument("LAYER_SERVER must be host:port");
    const auto key_file = env("LAYER_RSA_KEY");
    if (key_file.empty()) throw std::invalid_argument("LAYER_SERVER needs LAYER_RSA_KEY=public.pem");
    config.initial_dc = std::stoi(env("LAYER_DC", "2"));
    config.dcs.push_back({config.initial_dc, server.substr(0, colon),
                          static_cast<std::uint16_t>(std::stoi(server.substr(colon + 1)))});
    auto key = layer::crypto::RsaPublicKey::from_pem(read_file(key_file));
    if (!key) throw std::invalid_argument(key_file + " is not an RSA public key (PKCS#1 or SPKI PEM)");
    config.server_keys = {std::move(*key)};
  }
  config.log = [](std::string_view line) { say("client", line); };
  auto bot = std::make_shared<client::Client>(co_await client::Client::connect(io.get_executor(), config));
  if (!bot->is_authorized()) co_await bot->bot_sign_in(token);
  say("bot", "signed in; echoing until SIGINT or SIGTERM");
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([bot](const boost::system::error_code& error, int) {
    if (!error) say("bot", "stopping");
    bot->close();
  });
  co_await run_bot(bot);
  signals.cancel();
}

}  // namespace

int main() {
  asio::io_context io;
  int status = 0;
  const bool embedded = std::getenv("LAYER_SERVER") == nullptr && std::getenv("BOT_TOKEN") == nullptr;
  asio::co_spawn(io, embedded ? demo(io) : serve(io), [&](std::exception_ptr error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      std::cerr << "echo-bot: " << e.what() << std::endl;
    }
    status = 1;
    io.stop();
  });
  io.run();
  return status;
}
