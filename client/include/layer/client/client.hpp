// The client: one object per account, on Boost.Asio C++20 coroutines.
//
//   layer::client::Config config{.api_id = 12345, .api_hash = "…", .session = "my.session"};
//   auto client = co_await layer::client::Client::connect(executor, config);
//   co_await client.bot_sign_in("123456:ABC…");
//   auto cfg = co_await client.invoke(layer::tl::functions::help::GetConfig{});
//   auto r = co_await client.try_invoke(fn);  // Result: the value or a layer::client::Error
//
// Requests: any generated function, any number in flight on one connection.
// The users and chats an answer brings along (a history's senders, a dialog
// list, a resolved username) join the peer cache, so they can be named next.
// Each resolves exactly once: its result, an RPC error, request_timeout (the
// option's or Config::request_timeout), request_cancelled (per-operation
// cancellation: a cancellation slot, or awaitable_operators' `||` with a
// timer; the other requests and the session are not disturbed), client_closed,
// or the session layer's failure.
//
// Connection loss never loses a request nor runs one twice. The client
// reconnects (capped exponential backoff with jitter) with the same key and
// the same MTProto session: what the server received is answered from its
// cache, what it did not receive is sent again. Only when the server lost the
// session itself (a restart: new_session_created, or a forgotten key) is the
// outcome of a sent request unknown; then idempotent requests (reads, and
// calls carrying a random_id, whose duplicate the server drops) are sent
// again automatically and the others resolve with mtproto_errc::outcome_unknown,
// for the caller to decide. A caller that gives its own random_id makes a send
// idempotent across its own restarts too.
//
// FLOOD_WAIT_X up to Config::flood_sleep_threshold is slept through, and no
// call of that method leaves for that DC meanwhile; *_MIGRATE_X moves the call
// (and, for PHONE/USER/NETWORK, the home DC) to the DC named.
//
// The Client runs on a strand of the executor it was given; its methods may be
// called from any thread of that executor.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "layer/client/config.hpp"
#include "layer/client/connection_state.hpp"
#include "layer/client/error.hpp"
#include "layer/client/formatting.hpp"
#include "layer/client/messages.hpp"
#include "layer/client/updates.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/tl/carried_peers.hpp"
#include "layer/tl/codec.hpp"
#include "layer/tl/fwd.hpp"

namespace layer::client {

struct InvokeOptions {
  // Config::request_timeout when empty; zero: none. It counts from the call,
  // so it covers waiting for a connection and for a flood gate.
  std::optional<std::chrono::milliseconds> timeout{};
  // Safe to run twice: by default reads (get*, search*, resolve*, check*) and
  // functions carrying a random_id.
  std::optional<bool> idempotent{};
  std::int32_t dc_id = 0;  // 0: the home DC
};

// What invoke_raw needs to know of a serialized function.
struct RawCall {
  std::uint32_t constructor = 0;
  bool idempotent = false;
  InvokeOptions options;
};

namespace detail {
class ClientImpl;
}  // namespace detail

// The stream of updates (updates.hpp for what it promises). next() waits for
// the next one; it yields nothing once the client is closed.
class UpdateStream {
 public:
  boost::asio::awaitable<std::optional<Update>> next();

 private:
  friend class Client;
  explicit UpdateStream(std::shared_ptr<detail::ClientImpl> impl) noexcept : impl_(std::move(impl)) {}
  std::shared_ptr<detail::ClientImpl> impl_;
};

namespace detail {
bool is_read(std::uint32_t constructor);
}  // namespace detail

class Client {
 public:
  // Loads the session, connects to its home DC (making a key only when none
  // is stored) and returns once initConnection was answered; throws
  // Exception when Config::connect_attempts connections in a row failed, or
  // at once on an error no retry mends (an unknown DC, a protocol violation).
  static boost::asio::awaitable<Client> connect(boost::asio::any_io_executor executor, Config config);

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  template <class Fn>
  boost::asio::awaitable<Result<typename Fn::Return>> try_invoke(const Fn& fn, InvokeOptions options = {}) {
    constexpr bool carries_random_id = requires {
      fn.random_id;
    };
    const bool idempotent = options.idempotent.value_or(carries_random_id || detail::is_read(Fn::ID));
    auto body = co_await invoke_raw(tl::serialize(fn), RawCall{Fn::ID, idempotent, options});
    if (!body) co_return body.error();
    auto value = tl::try_deserialize<typename Fn::Return>(*body);
    if (!value) co_return Error{mtproto::mtproto_errc::malformed_message, {}};
    using Return = typename Fn::Return;
    // Updates go through the update engine, which learns their peers itself.
    if constexpr (std::is_base_of_v<tl::detail::AnyBox, Return> &&
                  !std::is_same_v<Return, tl::enums::Updates>) {
      learn_peers(tl::carried_peers(*value));
    } else if constexpr (std::is_same_v<Return, std::vector<tl::enums::User>>) {
      learn_peers({.users = &*value});
    }
    co_return std::move(*value);
  }

  // The same, throwing Exception.
  template <class Fn>
  boost::asio::awaitable<typename Fn::Return> invoke(const Fn& fn, InvokeOptions options = {}) {
    auto result = co_await try_invoke(fn, std::move(options));
    co_return std::move(result).value();
  }

  // A serialized function; resolves with the serialized answer.
  boost::asio::awaitable<Result<tl::Bytes>> invoke_raw(tl::Bytes body, RawCall call);

  // auth.importBotAuthorization; returns the bot's user.
  boost::asio::awaitable<tl::enums::User> bot_sign_in(std::string_view token);
  bool is_authorized() const;
  std::optional<std::int64_t> self_id() const;
  boost::asio::awaitable<tl::enums::User> get_me();
  // auth.logOut, then the session store forgets everything.
  boost::asio::awaitable<void> sign_out();

  std::int32_t home_dc() const;
  ConnectionState connection_state() const;

  UpdateStream updates();

  // "me", "@username" or "username", or a numeric id (Bot API style: -100…
  // for channels, negative for basic groups) of a peer seen before. Throws
  // Exception with client_errc::unknown_peer when there is no such peer.
  boost::asio::awaitable<Peer> resolve(std::string_view name);
  // The InputPeer requests need for peer, from the peer cache.
  boost::asio::awaitable<tl::enums::InputPeer> input_peer(Peer peer);

  // The sent message as Telegram numbered and dated it.
  boost::asio::awaitable<tl::types::Message> send_message(Peer chat, std::string text,
                                                          SendOptions options = {});
  // Text with its entities (parse_markdown, parse_html): they are the
  // message's, so options.entities must be empty (else std::invalid_argument,
  // rather than one set silently winning).
  boost::asio::awaitable<tl::types::Message> send_message(Peer chat, FormattedText text,
                                                          SendOptions options = {});
  boost::asio::awaitable<void> edit_message(Peer chat, std::int32_t id, std::string text,
                                            EditOptions options = {});
  boost::asio::awaitable<void> edit_message(Peer chat, std::int32_t id, FormattedText text,
                                            EditOptions options = {});
  // revoke: for everyone, not only for us.
  boost::asio::awaitable<void> delete_messages(Peer chat, std::vector<std::int32_t> ids, bool revoke = true);
  // The ids of the copies in `to`, in the order of ids.
  boost::asio::awaitable<std::vector<std::int32_t>> forward_messages(Peer to, Peer from,
                                                                     std::vector<std::int32_t> ids,
                                                                     ForwardOptions options = {});
  boost::asio::awaitable<void> pin_message(Peer chat, std::int32_t id, PinOptions options = {});
  // "typing…" (or another action: uploading a photo, recording a voice note).
  boost::asio::awaitable<void> send_chat_action(
      Peer chat, tl::enums::SendMessageAction action = tl::types::SendMessageTypingAction{});
  // Overloads rather than a default argument: GCC 12 moves a defaulted
  // aggregate of a co_await expression bitwise, which breaks its strings.
  boost::asio::awaitable<void> answer_callback_query(std::int64_t query_id);
  // Text shown as a toast.
  boost::asio::awaitable<void> answer_callback_query(std::int64_t query_id, std::string text);
  boost::asio::awaitable<void> answer_callback_query(std::int64_t query_id, CallbackAnswer answer);
  boost::asio::awaitable<void> answer_inline_query(std::int64_t query_id,
                                                   std::vector<tl::enums::InputBotInlineResult> results,
                                                   InlineAnswer options = {});
  // Every call in flight resolves with client_closed; the connections close.
  void close();

 private:
  explicit Client(std::shared_ptr<detail::ClientImpl> impl) noexcept;
  // Hands a copy to the peer cache on the client's strand, ahead of any call
  // made after this one returns.
  void learn_peers(tl::CarriedPeers peers);
  std::shared_ptr<detail::ClientImpl> impl_;
};

}  // namespace layer::client
