// Which DC a call goes to: the session per DC, its address (the config's, then
// help.getConfig's, then Telegram's well-known ones), the home DC moving on
// *_MIGRATE, and other DCs signed in with an exported authorization.
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <string>
#include <type_traits>
#include <variant>

#include "client_impl.hpp"
#include "config_refresh.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/printer.hpp"
#include "layer/tl/types/auth.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::client::detail {
namespace {

namespace asio = boost::asio;

// Telegram's production DCs, which answer help.getConfig with the rest.
const DcAddress kProductionDcs[] = {
    {1, "149.154.175.53", 443}, {2, "149.154.167.51", 443}, {3, "149.154.175.100", 443},
    {4, "149.154.167.91", 443}, {5, "91.108.56.130", 443},
};

std::optional<DcAddress> find_address(std::span<const DcAddress> in, std::int32_t dc_id) {
  for (const auto& a : in) {
    if (a.dc_id == dc_id && !a.media_only && !a.ipv6) return a;
  }
  return std::nullopt;
}

}  // namespace

std::shared_ptr<DcSession> ClientImpl::dc(std::int32_t dc_id) {
  if (auto it = dcs_.find(dc_id); it != dcs_.end()) return it->second;
  std::optional<DcAuth> stored;
  for (auto& auth : data_.dcs) {
    if (auth.dc_id == dc_id) stored = auth;
  }
  const std::weak_ptr<ClientImpl> weak = shared_from_this();
  DcSession::Hooks hooks;
  hooks.save = [weak](DcAuth auth) -> asio::awaitable<void> {
    if (auto self = weak.lock()) co_await self->save_dc(std::move(auth));
  };
  hooks.address = [weak](std::int32_t id) -> std::optional<DcAddress> {
    auto self = weak.lock();
    return self ? self->address_of(id) : std::nullopt;
  };
  hooks.state = [weak](const ConnectionEvent& event) {
    auto self = weak.lock();
    if (!self) return;
    if (event.dc_id == self->home_dc_ && event.state == ConnectionState::ready) self->on_home_ready();
    if (self->config_.on_connection_state) self->config_.on_connection_state(event);
  };
  hooks.notice = [weak, dc_id](mtproto::Notice notice) {
    auto self = weak.lock();
    if (!self) return;
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          const std::string where = "dc " + std::to_string(dc_id) + ": ";
          if constexpr (std::is_same_v<T, mtproto::UpdatesEvent>) {
            self->take_updates(n.body);
          } else if constexpr (std::is_same_v<T, mtproto::SessionResetEvent>) {
            self->log(where + "the server started a new session");
            self->on_session_reset();
          } else if constexpr (std::is_same_v<T, mtproto::SessionRenewedEvent>) {
            // The server's new_session_created follows, and with it the difference.
            self->log(where + "the server's clock went back; a new session with time offset " +
                      std::to_string(n.time_offset) + " s");
          } else if constexpr (std::is_same_v<T, mtproto::UndecodedMessageEvent>) {
            self->log(where + "a message that could not be read: " + n.error.message());
          } else if constexpr (std::is_same_v<T, mtproto::UnmatchedMessageEvent>) {
            self->log(where + "a message about nothing pending");
          } else if constexpr (std::is_same_v<T, mtproto::ServiceRequestFailedEvent>) {
            self->log(where + "a service request failed: " + n.error.message());
          }
          // The client asks for no quick acks, so it hears of none.
        },
        notice);
  };
  hooks.config = [weak](const tl::Bytes& config) {
    if (auto self = weak.lock()) self->on_config(config);
  };
  auto session =
      std::make_shared<DcSession>(strand_, environment_, dc_id, std::move(stored), std::move(hooks));
  dcs_.emplace(dc_id, session);
  session->start();
  return session;
}

std::optional<DcAddress> ClientImpl::address_of(std::int32_t dc_id) const {
  if (auto a = find_address(config_.dcs, dc_id)) return a;
  if (auto a = find_address(data_.addresses, dc_id)) return a;
  return find_address(kProductionDcs, dc_id);
}

void ClientImpl::on_config(const tl::Bytes& body) {
  auto config = tl::try_deserialize<tl::enums::Config>(body);
  const auto* value = config ? config->as<tl::types::Config>() : nullptr;
  if (!value) {
    log("help.getConfig: an answer that does not decode as Config");
    refresh_config_at(clock_.now().mono + kShortestConfigLife);
    return;
  }
  refresh_config_at(clock_.now().mono + config_lifetime(value->date, value->expires));
  std::vector<DcAddress> addresses;
  for (const auto& option : value->dc_options) {
    const auto* o = option.as<tl::types::DcOption>();
    if (!o || o->cdn || o->tcpo_only || o->id <= 0 || o->port <= 0 || o->port > 0xffff) continue;
    // Connections go to addresses, never to names a DNS server could answer for.
    boost::system::error_code not_an_address;
    const auto address = asio::ip::make_address(o->ip_address, not_an_address);
    if (not_an_address || address.is_v6() != o->ipv6) {
      std::string shown;  // quoted and escaped: a server's string must not forge log lines
      tl::Printer(shown).value_of(o->ip_address);
      log("help.getConfig: dc " + std::to_string(o->id) + " has no usable address: " + shown);
      continue;
    }
    addresses.push_back({o->id, o->ip_address, static_cast<std::uint16_t>(o->port), o->media_only, o->ipv6});
  }
  if (addresses.empty() || addresses == data_.addresses) return;
  data_.addresses = addresses;
  asio::co_spawn(
      strand_,
      [self = shared_from_this(), addresses = std::move(addresses)]() -> asio::awaitable<void> {
        co_await self->store_->save_addresses(addresses);
      },
      [self = shared_from_this()](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& error) {
          self->log(std::string("the DC list could not be stored: ") + error.what());
        }
      });
}

void ClientImpl::refresh_config_at(mtproto::Instant when) {
  if (closed_) return;
  const std::weak_ptr<ClientImpl> weak = shared_from_this();
  config_alarm_ = clock_.at(when, strand_, [weak] {
    if (auto self = weak.lock(); self && !self->closed_)
      asio::co_spawn(self->strand_, self->refresh_config(), asio::detached);
  });
}

asio::awaitable<void> ClientImpl::refresh_config() {
  auto self = shared_from_this();
  auto answer = co_await invoke(tl::serialize(tl::functions::help::GetConfig{}),
                                RawCall{tl::functions::help::GetConfig::ID, true, {}});
  if (closed_) co_return;
  if (answer) {
    on_config(*answer);
  } else {
    log("help.getConfig: " + answer.error().message());
    refresh_config_at(clock_.now().mono + kShortestConfigLife);
  }
}

asio::awaitable<void> ClientImpl::move_home(std::int32_t dc_id) {
  if (dc_id == home_dc_) co_return;
  log("home DC moves from " + std::to_string(home_dc_) + " to " + std::to_string(dc_id));
  home_dc_ = dc_id;
  data_.home_dc = dc_id;
  co_await store_->set_home_dc(dc_id);
}

asio::awaitable<Result<void>> ClientImpl::authorize(std::int32_t dc_id,
                                                    std::optional<mtproto::Instant> deadline) {
  auto target = dc(dc_id);
  while (!target->authorized()) {
    // Exported from a DC the account is signed in on: the home DC, or the old
    // one after NETWORK_MIGRATE moved the home. None: nothing to carry over
    // (not signed in yet, as when USER_MIGRATE answers a sign-in).
    std::shared_ptr<DcSession> source;
    for (const auto& [id, session] : dcs_) {
      if (session->authorized() && (!source || id == home_dc_)) source = session;
    }
    if (!source) break;
    if (auto it = authorizing_.find(dc_id); it != authorizing_.end()) {
      auto signal = std::make_shared<Signal>(strand_);
      it->second.push_back(signal);
      if (!co_await wait_until(signal, clock_, deadline)) co_return Error{client_errc::request_cancelled, {}};
      if (deadline && clock_.now().mono >= *deadline) co_return Error{client_errc::request_timeout, {}};
      continue;
    }
    authorizing_[dc_id];
    struct Release {
      ClientImpl& self;
      std::int32_t dc_id;
      ~Release() {
        auto waiters = std::move(self.authorizing_[dc_id]);
        self.authorizing_.erase(dc_id);
        for (auto& w : waiters) w->notify();
      }
    } release{*this, dc_id};
    tl::functions::auth::ExportAuthorization request;
    request.dc_id = dc_id;
    auto exported = co_await source->call(tl::serialize(request), idempotent_call(), deadline);
    if (!exported) co_return exported.error();
    auto value = tl::try_deserialize<tl::enums::auth::ExportedAuthorization>(*exported);
    const auto* authorization = value ? value->as<tl::types::auth::ExportedAuthorization>() : nullptr;
    if (!authorization) co_return Error{mtproto::mtproto_errc::malformed_message, {}};
    tl::functions::auth::ImportAuthorization import;
    import.id = authorization->id;
    import.bytes = authorization->bytes;
    auto imported = co_await target->call(tl::serialize(import), idempotent_call(), deadline);
    if (!imported) co_return imported.error();
    co_await target->set_authorized(true);
  }
  co_return Result<void>{};
}

}  // namespace layer::client::detail
