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
  // invoke sees the authorization and signs the client in (signed_in).
  auto answer = decode<tl::enums::auth::Authorization>(
      co_await invoke(tl::serialize(request), raw_call<fn::auth::ImportBotAuthorization>(false)));
  auto* authorization = answer.as<tl::types::auth::Authorization>();
  if (!authorization || !authorization->user.is<tl::types::User>())
    throw Exception(Error{mtproto::mtproto_errc::malformed_message, {}});
  co_return std::move(authorization->user);
}

bool ClientImpl::signs_in(std::uint32_t constructor) {
  return constructor == fn::auth::ImportBotAuthorization::ID || constructor == fn::auth::SignIn::ID ||
         constructor == fn::auth::SignUp::ID || constructor == fn::auth::CheckPassword::ID;
}

asio::awaitable<void> ClientImpl::signed_in(std::span<const std::byte> answer) {
  const auto authorization = tl::try_deserialize<tl::enums::auth::Authorization>(answer);
  if (!authorization) co_return;
  const auto* a = authorization->as<tl::types::auth::Authorization>();
  const auto* user = a ? a->user.as<tl::types::User>() : nullptr;
  if (user == nullptr) co_return;  // authorizationSignUpRequired: not signed in yet
  co_await dc(home_dc_)->set_authorized(true);
  co_await store_->set_self(user->id, user->bot);
  data_.self_id = user->id;
  data_.self_is_bot = user->bot;
  learn_peers({a->user}, {});
  start_updates();
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
  peers_ = PeerCache{};
}

}  // namespace layer::client::detail
