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
#include "signal.hpp"

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
  boost::asio::awaitable<tl::enums::User> get_me();
  boost::asio::awaitable<void> sign_out();

  boost::asio::any_io_executor strand() const { return strand_; }
  std::int32_t home_dc() const noexcept { return home_dc_; }
  bool authorized() const;
  std::optional<std::int64_t> self_id() const noexcept { return data_.self_id; }
  ConnectionState state() const;

 private:
  // dcs.cpp
  std::shared_ptr<DcSession> dc(std::int32_t dc_id);
  std::optional<DcAddress> address_of(std::int32_t dc_id) const;
  void on_config(const tl::Bytes& config);
  boost::asio::awaitable<void> move_home(std::int32_t dc_id);
  // Signs dc in, once, with an authorization exported from a DC the account
  // is signed in on; nothing to do when there is none.
  boost::asio::awaitable<Result<void>> authorize(std::int32_t dc_id, std::optional<mtproto::Time> deadline);
  boost::asio::awaitable<void> save_dc(DcAuth auth);

  boost::asio::awaitable<Result<tl::Bytes>> call_once(std::int32_t dc_id, const tl::Bytes& body,
                                                      const RawCall& call,
                                                      std::optional<mtproto::Time> deadline);
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
};

}  // namespace layer::client::detail
