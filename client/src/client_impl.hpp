// What a Client holds: the configuration, the session store and what it
// loaded, one DcSession per DC in use, the flood gates. Shared with the
// coroutines working for it, so that a Client destroyed mid-call leaves
// nothing dangling. Every member is touched only on the strand.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "dc_session.hpp"
#include "flood.hpp"
#include "layer/client/client.hpp"
#include "peers.hpp"
#include "signal.hpp"
#include "update_engine.hpp"

namespace layer::client::detail {

class ClientImpl : public std::enable_shared_from_this<ClientImpl> {
 public:
  ClientImpl(boost::asio::any_io_executor strand, Config config);

  // Loads the session and waits for the home DC to be ready.
  boost::asio::awaitable<void> start();
  boost::asio::awaitable<Result<tl::Bytes>> invoke(tl::Bytes body, RawCall call);
  void close();

  // login.cpp
  boost::asio::awaitable<tl::enums::User> bot_sign_in(std::string token);
  // Whether a call's answer may be an auth.authorization that signs us in
  // (bot token, login code, sign-up, password): whoever made it, the
  // client then knows it is signed in, as whom, and starts its updates.
  static bool signs_in(std::uint32_t constructor);
  boost::asio::awaitable<void> signed_in(std::span<const std::byte> answer);
  boost::asio::awaitable<tl::enums::User> get_me();
  boost::asio::awaitable<void> sign_out();

  // A typed call through invoke.
  template <class Fn>
  boost::asio::awaitable<Result<typename Fn::Return>> call(const Fn& fn, bool idempotent,
                                                           InvokeOptions options = {}) {
    auto body = co_await invoke(tl::serialize(fn), RawCall{Fn::ID, idempotent, std::move(options)});
    if (!body) co_return body.error();
    auto value = tl::try_deserialize<typename Fn::Return>(*body);
    if (!value) co_return Error{mtproto::mtproto_errc::malformed_message, {}};
    co_return std::move(*value);
  }

  // updates.cpp
  boost::asio::awaitable<std::optional<Update>> next_update();
  PeerCache& peers() noexcept { return peers_; }
  // The InputPeer for peer, or unknown_peer.
  Result<tl::enums::InputPeer> input_peer(const Peer& peer) const;
  boost::asio::awaitable<Peer> resolve(std::string name);

  // messages.cpp
  std::int64_t random_id();
  // The input peer, or throws unknown_peer.
  tl::enums::InputPeer need_peer(const Peer& peer) const;
  boost::asio::awaitable<tl::types::Message> send_message(Peer chat, std::string text, SendOptions options);
  boost::asio::awaitable<void> edit_message(Peer chat, std::int32_t id, std::string text,
                                            EditOptions options);
  boost::asio::awaitable<void> delete_messages(Peer chat, std::vector<std::int32_t> ids, bool revoke);
  boost::asio::awaitable<std::vector<std::int32_t>> forward_messages(Peer to, Peer from,
                                                                     std::vector<std::int32_t> ids,
                                                                     ForwardOptions options);
  boost::asio::awaitable<void> pin_message(Peer chat, std::int32_t id, PinOptions options);
  boost::asio::awaitable<void> send_chat_action(Peer chat, tl::enums::SendMessageAction action);
  boost::asio::awaitable<void> answer_callback_query(std::int64_t query_id, CallbackAnswer answer);
  boost::asio::awaitable<void> answer_inline_query(std::int64_t query_id,
                                                   std::vector<tl::enums::InputBotInlineResult> results,
                                                   InlineAnswer options);

  boost::asio::any_io_executor strand() const { return strand_; }
  std::int32_t home_dc() const noexcept { return home_dc_; }
  bool authorized() const;
  std::optional<std::int64_t> self_id() const noexcept { return data_.self_id; }
  ConnectionState state() const;
  // Adds to the peer cache and stores what changed (updates.cpp).
  void learn_peers(const std::vector<tl::enums::User>& users, const std::vector<tl::enums::Chat>& chats);

 private:
  // dcs.cpp
  std::shared_ptr<DcSession> dc(std::int32_t dc_id);
  std::optional<DcAddress> address_of(std::int32_t dc_id) const;
  // A help.getConfig answer (initConnection's or a refresh's): the DC list
  // is taken from it, and the next refresh set for when it expires.
  void on_config(const tl::Bytes& config);
  void refresh_config_at(mtproto::Instant when);
  boost::asio::awaitable<void> refresh_config();
  boost::asio::awaitable<void> move_home(std::int32_t dc_id);
  // Signs dc in, once, with an authorization exported from a DC the account
  // is signed in on; nothing to do when there is none.
  boost::asio::awaitable<Result<void>> authorize(std::int32_t dc_id,
                                                 std::optional<mtproto::Instant> deadline);
  boost::asio::awaitable<void> save_dc(DcAuth auth);

  // updates.cpp
  void start_updates();
  // An updates* object: pushed, or the answer of a call that returns Updates.
  void take_updates(std::span<const std::byte> body);
  void take_updates(const tl::enums::Updates& updates);
  // An answer that may wrap Updates (messages.invitedUsers, ...): they go to
  // take_updates, or to drop_updates when the answer does not decode.
  void take_wrapped_updates(std::span<const std::byte> body);
  // Updates that could not be read (what says which): logged, and the engine
  // fetches the difference that brings what they held.
  void drop_updates(std::string_view what, std::size_t size);
  void on_session_reset();
  void on_home_ready();
  // Makes the calls the engine asks for, wakes the consumer, sets the alarm
  // for the engine's next deadline and stores what it committed.
  void pump();
  boost::asio::awaitable<void> fetch(UpdateRequest request);
  // Hands what the engine committed to the writer; called where the
  // consumer holds no update it has not finished with.
  void store_handled();
  boost::asio::awaitable<void> store_commits();
  boost::asio::awaitable<void> store_peers();

  boost::asio::awaitable<Result<tl::Bytes>> call_once(std::int32_t dc_id, const tl::Bytes& body,
                                                      const RawCall& call,
                                                      std::optional<mtproto::Instant> deadline);
  void log(std::string_view line) const;

  // storage.cpp: the store Config names.
  static std::shared_ptr<SessionStore> open_store(const Config& config);

  boost::asio::any_io_executor strand_;
  DcSession::Environment environment_;
  const Config& config_;
  Clock& clock_;
  std::shared_ptr<SessionStore> store_;
  SessionData data_;
  std::int32_t home_dc_ = 0;
  std::map<std::int32_t, std::shared_ptr<DcSession>> dcs_;
  std::map<std::int32_t, std::vector<std::shared_ptr<Signal>>> authorizing_;
  FloodGates flood_;
  bool closed_ = false;
  std::shared_ptr<void> config_alarm_;

  UpdateEngine engine_;
  PeerCache peers_;
  std::shared_ptr<Signal> update_ready_;
  std::shared_ptr<void> update_alarm_;
  std::optional<mtproto::Instant> update_alarm_at_;
  bool updates_started_ = false;
  bool storing_updates_ = false;
  std::optional<UpdateCommit> unstored_commit_;
  bool storing_peers_ = false;
  bool home_was_ready_ = false;
};

}  // namespace layer::client::detail
