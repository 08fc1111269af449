// Client: the public face (each method hops onto the strand) and the request
// loop around DcSession::call: flood gates, migrations, timeouts.
#include "layer/client/client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>
#include <string>

#include <boost/endian/conversion.hpp>
#include <cstring>

#include "client_impl.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/tl/names.hpp"
#include "layer/tl/types/messages.hpp"
#include "layer/tl/types/payments.hpp"
#include "rpc_errors.hpp"

namespace layer::client {

namespace asio = boost::asio;

namespace detail {
namespace {

// Migrations one call may follow before its error is returned as is.
constexpr int kMaxMigrations = 5;

UpdateEngine::Options update_options(const Config& config) {
  UpdateEngine::Options options;
  options.gap_wait = config.update_gap_wait;
  options.buffer = std::max<std::size_t>(config.update_buffer, 1);
  return options;
}

// Whether an answer is an updates* object (sendMessage, editMessage, ... all
// answer with one), which the update engine must see.
bool is_updates(std::span<const std::byte> body) {
  if (body.size() < 4) return false;
  std::uint32_t id = 0;
  std::memcpy(&id, body.data(), 4);
  return tl::tags::Updates::find(boost::endian::little_to_native(id)) != nullptr;
}

// The Updates inside an answer that wraps them (messages.invitedUsers of
// createChat, addChatUser and inviteToChannel; a payment's result; a joined
// invite's), which the update engine and the peer cache must see as well.
struct Wrapped {
  std::uint32_t wrapper = 0;                  // the answer's constructor; 0 when it wraps no Updates
  std::optional<tl::enums::Updates> updates;  // none when the answer does not decode
};

template <class... Wrappers>
Wrapped updates_wrapped_by(std::span<const std::byte> body) {
  if (body.size() < 4) return {};
  const std::uint32_t id =
      boost::endian::load_little_u32(reinterpret_cast<const unsigned char*>(body.data()));
  Wrapped out;
  (
      [&] {
        if (id != Wrappers::ID) return;
        out.wrapper = id;
        if (auto wrapper = tl::try_deserialize<Wrappers>(body)) out.updates = std::move(wrapper->updates);
      }(),
      ...);
  return out;
}

Wrapped wrapped_updates(std::span<const std::byte> body) {
  namespace types = tl::types;
  return updates_wrapped_by<types::messages::InvitedUsers, types::payments::PaymentResult,
                            types::messages::ChatInviteJoinResultOk>(body);
}

}  // namespace

bool is_read(std::uint32_t constructor) {
  const auto name = tl::name_for_id(constructor);
  if (!name) return false;
  const auto dot = name->find('.');
  const auto method = dot == std::string_view::npos ? *name : name->substr(dot + 1);
  for (std::string_view prefix : {"get", "search", "resolve", "check"}) {
    if (method.starts_with(prefix)) return true;
  }
  return false;
}

ClientImpl::ClientImpl(asio::any_io_executor strand, Config config)
    : strand_(std::move(strand)),
      environment_{std::make_shared<const Config>(std::move(config)), nullptr, nullptr},
      config_(*environment_.config),
      clock_(*(environment_.clock = config_.clock ? config_.clock : system_clock())),
      store_(open_store(config_)),
      engine_(update_options(config_)),
      update_ready_(std::make_shared<Signal>(strand_)) {
  environment_.rng = config_.rng ? config_.rng : std::make_shared<crypto::OsRng>();
}

asio::awaitable<void> ClientImpl::start() {
  data_ = co_await store_->load();
  peers_.restore(data_.peers);
  data_.peers.clear();  // the cache holds them from here on
  home_dc_ = data_.home_dc != 0 ? data_.home_dc : config_.initial_dc;
  if (data_.home_dc == 0) {
    co_await store_->set_home_dc(home_dc_);
    data_.home_dc = home_dc_;
  }
  auto home = dc(home_dc_);
  int failed = 0;
  while (home->state() != ConnectionState::ready) {
    const bool waiting = home->state() == ConnectionState::waiting_for_network;
    if (home->state() == ConnectionState::closed ||
        (waiting && config_.connect_attempts > 0 && ++failed >= config_.connect_attempts)) {
      const auto error = home->fatal_error().value_or(Error{home->last_error(), {}});
      close();
      throw Exception(error);
    }
    if (waiting) log("connecting to dc " + std::to_string(home_dc_) + ": " + home->last_error().message());
    co_await home->state_changed();
  }
  if (authorized()) start_updates();
}

asio::awaitable<Result<tl::Bytes>> ClientImpl::invoke(tl::Bytes body, RawCall call) {
  const auto timeout = call.options.timeout.value_or(config_.request_timeout);
  std::optional<mtproto::Instant> deadline;
  if (timeout.count() > 0) deadline = clock_.now().mono + timeout;
  std::int32_t dc_id = call.options.dc_id != 0 ? call.options.dc_id : home_dc_;
  int migrations = 0;
  for (;;) {
    if (closed_) co_return Error{client_errc::client_closed, {}};
    const auto now = clock_.now().mono;
    if (deadline && now >= *deadline) co_return Error{client_errc::request_timeout, {}};
    if (auto until = flood_.closed_until(dc_id, call.constructor, now)) {
      if (!co_await sleep_until(clock_, deadline ? std::min(*until, *deadline) : *until)) {
        co_return Error{client_errc::request_cancelled, {}};
      }
      continue;
    }
    auto result = co_await call_once(dc_id, body, call, deadline);
    if (result && is_updates(*result)) take_updates(*result);
    if (result) take_wrapped_updates(*result);
    if (result && signs_in(call.constructor)) co_await signed_in(*result);
    if (result || !result.error().rpc) co_return result;
    const Error error = result.error();  // result::error() returns a copy
    const auto& rpc = *error.rpc;
    if (auto wait = flood_wait_of(rpc)) {
      const FloodWait event{tl::name_for_id(call.constructor).value_or("?"), dc_id, *wait};
      const bool retry =
          config_.on_flood_wait ? config_.on_flood_wait(event) : *wait <= config_.flood_sleep_threshold;
      if (!retry) co_return result;
      log("flood wait " + std::to_string(wait->count()) + " s on " + std::string(event.method));
      flood_.close(dc_id, call.constructor, clock_.now().mono + *wait);
      continue;
    }
    if (auto migration = migration_of(rpc); migration && ++migrations <= kMaxMigrations) {
      if (migration->moves_home) co_await move_home(migration->dc_id);
      dc_id = migration->dc_id;
      continue;
    }
    co_return result;
  }
}

void ClientImpl::take_wrapped_updates(std::span<const std::byte> body) {
  auto wrapped = wrapped_updates(body);
  if (wrapped.updates) {
    take_updates(*wrapped.updates);
  } else if (wrapped.wrapper != 0) {
    // The call resolves all the same: a typed one with malformed_message, as
    // the whole answer does not decode either.
    const std::string name(tl::name_for_id(wrapped.wrapper).value_or("?"));
    drop_updates(name + " whose updates could not be read", body.size());
  }
}

asio::awaitable<Result<tl::Bytes>> ClientImpl::call_once(std::int32_t dc_id, const tl::Bytes& body,
                                                         const RawCall& call,
                                                         std::optional<mtproto::Instant> deadline) {
  if (auto authorized = co_await authorize(dc_id, deadline); !authorized) co_return authorized.error();
  mtproto::CallOptions options;
  options.idempotent = call.idempotent;
  auto session = dc(dc_id);
  co_return co_await session->call(body, options, deadline);
}

void ClientImpl::close() {
  if (closed_) return;
  closed_ = true;
  for (auto& [id, session] : dcs_) session->close();
  update_alarm_.reset();
  config_alarm_.reset();
  update_ready_->notify();
}

bool ClientImpl::authorized() const {
  const auto it = dcs_.find(home_dc_);
  return it != dcs_.end() && it->second->authorized();
}

ConnectionState ClientImpl::state() const {
  const auto it = dcs_.find(home_dc_);
  return it == dcs_.end() ? ConnectionState::connecting : it->second->state();
}

void ClientImpl::log(std::string_view line) const {
  if (config_.log) config_.log(line);
}

}  // namespace detail

namespace {

// Runs work on the client's strand and resumes the caller with its result;
// the caller's cancellation reaches the work.
template <class T>
asio::awaitable<T> on_strand(const std::shared_ptr<detail::ClientImpl>& impl, asio::awaitable<T> work) {
  if (!impl) throw Exception(Error{client_errc::client_closed, {}});
  co_return co_await asio::co_spawn(impl->strand(), std::move(work), asio::use_awaitable);
}

// The entities of a FormattedText in place of the options' own.
std::vector<tl::enums::MessageEntity> only_entities(std::vector<tl::enums::MessageEntity> text,
                                                    const std::vector<tl::enums::MessageEntity>& options) {
  if (!options.empty()) throw std::invalid_argument("entities given both in the text and in the options");
  return text;
}

}  // namespace

Client::Client(std::shared_ptr<detail::ClientImpl> impl) noexcept : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    if (impl_) impl_->close();
    impl_ = std::move(other.impl_);
  }
  return *this;
}
Client::~Client() {
  if (impl_) asio::dispatch(impl_->strand(), [impl = impl_] { impl->close(); });
}

asio::awaitable<Client> Client::connect(asio::any_io_executor executor, Config config) {
  auto impl = std::make_shared<detail::ClientImpl>(asio::make_strand(executor), std::move(config));
  co_await on_strand(impl, impl->start());
  co_return Client(std::move(impl));
}

asio::awaitable<Result<tl::Bytes>> Client::invoke_raw(tl::Bytes body, RawCall call) {
  if (!impl_) co_return Error{client_errc::client_closed, {}};
  co_return co_await on_strand(impl_, impl_->invoke(std::move(body), std::move(call)));
}

asio::awaitable<tl::enums::User> Client::bot_sign_in(std::string_view token) {
  return on_strand(impl_, impl_->bot_sign_in(std::string(token)));
}

asio::awaitable<tl::enums::User> Client::get_me() {
  return on_strand(impl_, impl_->get_me());
}

asio::awaitable<void> Client::sign_out() {
  return on_strand(impl_, impl_->sign_out());
}

bool Client::is_authorized() const {
  return impl_ && impl_->authorized();
}
std::optional<std::int64_t> Client::self_id() const {
  return impl_ ? impl_->self_id() : std::nullopt;
}
std::int32_t Client::home_dc() const {
  return impl_ ? impl_->home_dc() : 0;
}
ConnectionState Client::connection_state() const {
  return impl_ ? impl_->state() : ConnectionState::closed;
}
void Client::close() {
  if (impl_) asio::dispatch(impl_->strand(), [impl = impl_] { impl->close(); });
}

UpdateStream Client::updates() {
  return UpdateStream(impl_);
}

asio::awaitable<std::optional<Update>> UpdateStream::next() {
  if (!impl_) co_return std::nullopt;
  co_return co_await on_strand(impl_, impl_->next_update());
}

asio::awaitable<Peer> Client::resolve(std::string_view name) {
  return on_strand(impl_, impl_->resolve(std::string(name)));
}

asio::awaitable<tl::enums::InputPeer> Client::input_peer(Peer peer) {
  auto impl = impl_;
  co_return co_await on_strand(
      impl, [](std::shared_ptr<detail::ClientImpl> self, Peer p) -> asio::awaitable<tl::enums::InputPeer> {
        co_return self->need_peer(p);
      }(impl, peer));
}

asio::awaitable<tl::types::Message> Client::send_message(Peer chat, std::string text, SendOptions options) {
  return on_strand(impl_, impl_->send_message(chat, std::move(text), std::move(options)));
}

asio::awaitable<void> Client::edit_message(Peer chat, std::int32_t id, std::string text,
                                           EditOptions options) {
  return on_strand(impl_, impl_->edit_message(chat, id, std::move(text), std::move(options)));
}

asio::awaitable<tl::types::Message> Client::send_message(Peer chat, FormattedText text, SendOptions options) {
  options.entities = only_entities(std::move(text.entities), options.entities);
  co_return co_await send_message(chat, std::move(text.text), std::move(options));
}

asio::awaitable<void> Client::edit_message(Peer chat, std::int32_t id, FormattedText text,
                                           EditOptions options) {
  options.entities = only_entities(std::move(text.entities), options.entities);
  co_await edit_message(chat, id, std::move(text.text), std::move(options));
}

asio::awaitable<void> Client::delete_messages(Peer chat, std::vector<std::int32_t> ids, bool revoke) {
  return on_strand(impl_, impl_->delete_messages(chat, std::move(ids), revoke));
}

asio::awaitable<std::vector<std::int32_t>> Client::forward_messages(Peer to, Peer from,
                                                                    std::vector<std::int32_t> ids,
                                                                    ForwardOptions options) {
  return on_strand(impl_, impl_->forward_messages(to, from, std::move(ids), std::move(options)));
}

asio::awaitable<void> Client::pin_message(Peer chat, std::int32_t id, PinOptions options) {
  return on_strand(impl_, impl_->pin_message(chat, id, options));
}

asio::awaitable<void> Client::send_chat_action(Peer chat, tl::enums::SendMessageAction action) {
  return on_strand(impl_, impl_->send_chat_action(chat, std::move(action)));
}

asio::awaitable<void> Client::answer_callback_query(std::int64_t query_id) {
  return answer_callback_query(query_id, CallbackAnswer{});
}

asio::awaitable<void> Client::answer_callback_query(std::int64_t query_id, std::string text) {
  CallbackAnswer answer;
  answer.text = std::move(text);
  return answer_callback_query(query_id, std::move(answer));
}

asio::awaitable<void> Client::answer_callback_query(std::int64_t query_id, CallbackAnswer answer) {
  return on_strand(impl_, impl_->answer_callback_query(query_id, std::move(answer)));
}

asio::awaitable<void> Client::answer_inline_query(std::int64_t query_id,
                                                  std::vector<tl::enums::InputBotInlineResult> results,
                                                  InlineAnswer options) {
  return on_strand(impl_, impl_->answer_inline_query(query_id, std::move(results), std::move(options)));
}

}  // namespace layer::client
