// Signs a client in as a user of the fake DC, with its login code (the DC id
// five times), for tests of what users and bots do to each other.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "layer/client/client.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/types/auth.hpp"

namespace layer::client::test {

inline boost::asio::awaitable<void> sign_in_user(Client& client, const std::string& phone) {
  tl::functions::auth::SendCode send;
  send.phone_number = phone;
  send.api_id = 1;
  send.api_hash = "test";
  send.settings = tl::types::CodeSettings{};
  const auto sent = co_await client.invoke(send);
  tl::functions::auth::SignIn sign_in;
  sign_in.phone_number = phone;
  sign_in.phone_code_hash = sent.as<tl::types::auth::SentCode>()->phone_code_hash;
  sign_in.phone_code = std::string(5, static_cast<char>('0' + client.home_dc()));
  co_await client.invoke(sign_in);
}

}  // namespace layer::client::test
