// Signing in and out: bots by token; who we are. (User login by phone code
// and password is the next issue's, on these same pieces.)
#include <stdexcept>

#include "client_impl.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/functions/users.hpp"
#include "layer/tl/types/auth.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::client::detail {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;

template <class Fn>
RawCall raw_call(bool idempotent) {
  return RawCall{Fn::ID, idempotent, {}};
}

template <class T>
T decode(const Result<tl::Bytes>& body) {
  if (!body) throw Exception(body.error());
  auto value = tl::try_deserialize<T>(*body);
  if (!value) throw Exception(Error{mtproto::mtproto_errc::malformed_message, {}});
  return std::move(*value);
}

}  // namespace

asio::awaitable<tl::enums::User> ClientImpl::bot_sign_in(std::string token) {
  fn::auth::ImportBotAuthorization request;
  request.api_id = config_.api_id;
  request.api_hash = config_.api_hash;
  request.bot_auth_token = std::move(token);
  auto answer = decode<tl::enums::auth::Authorization>(
      co_await invoke(tl::serialize(request), raw_call<fn::auth::ImportBotAuthorization>(false)));
  auto* authorization = answer.as<tl::types::auth::Authorization>();
  if (!authorization) throw Exception(Error{mtproto::mtproto_errc::malformed_message, {}});
  const auto* user = authorization->user.as<tl::types::User>();
  if (!user) throw Exception(Error{mtproto::mtproto_errc::malformed_message, {}});
  auto home = dc(home_dc_);
  co_await home->set_authorized(true);
  co_await store_->set_self(user->id, true);
  data_.self_id = user->id;
  data_.self_is_bot = true;
  peers_.add({authorization->user}, {});
  start_updates();
  co_return std::move(authorization->user);
}

asio::awaitable<tl::enums::User> ClientImpl::get_me() {
  fn::users::GetUsers request;
  request.id.emplace_back(tl::types::InputUserSelf{});
  auto users = decode<std::vector<tl::enums::User>>(
      co_await invoke(tl::serialize(request), raw_call<fn::users::GetUsers>(true)));
  if (users.empty()) throw Exception(Error{mtproto::mtproto_errc::malformed_message, {}});
  co_return std::move(users.front());
}

asio::awaitable<void> ClientImpl::sign_out() {
  auto answer = co_await invoke(tl::serialize(fn::auth::LogOut{}), raw_call<fn::auth::LogOut>(false));
  if (!answer && !answer.error().rpc) throw Exception(answer.error());
  // Signed out even when the server refused (an already dead key): the
  // session is forgotten either way.
  for (auto& [id, session] : dcs_) co_await session->set_authorized(false);
  co_await store_->clear();
  data_ = SessionData{};
  data_.home_dc = home_dc_;
}

}  // namespace layer::client::detail
