// Signing in: login codes (Telegram's test-DC rule: the DC id five times, so
// "22222" on DC 2), sign-up, bot tokens, two-step verification with real SRP,
// moving an authorization to another DC, QR login tokens, log out.
#include <cstdio>
#include <map>
#include <memory>

#include "layer/crypto/dh.hpp"
#include "layer/crypto/srp.hpp"
#include "layer/tl/functions/account.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/types/account.hpp"
#include "layer/tl/types/auth.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

struct PendingSrp {
  std::int64_t account = 0;
  crypto::SecureArray<256> b;
};

// What a sign-in has in flight: codes sent, SRP challenges, exported authorizations.
struct AuthState {
  std::map<std::string, std::string> code_hashes;  // phone → phone_code_hash
  std::map<std::int64_t, PendingSrp> srp;          // srp_id → challenge
  std::map<std::int64_t, tl::Bytes> exported;      // account → bytes to import with
};

tl::Bytes random_bytes(crypto::Rng& rng, std::size_t n) {
  tl::Bytes out(n);
  rng.fill(out);
  return out;
}

crypto::SrpParams srp_params(const Account::Password& p) {
  return {p.salt1, p.salt2, 3, crypto::telegram_dh_prime()};
}

types::auth::Authorization sign_in(World& world, const Call& call, std::int64_t account) {
  call.key->account = account;
  call.key->awaiting_password.reset();
  return types::auth::Authorization{.user = world.user_view(*world.account(account), account)};
}

// account.getPassword: the algorithm for a new password, or a fresh SRP challenge.
types::account::Password password_info(Shared& shared, AuthState& state, const Account* account) {
  auto& rng = *shared.rng;
  types::account::Password out;
  out.new_algo = types::PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow{
      random_bytes(rng, 8), random_bytes(rng, 16), 3,
      tl::Bytes(crypto::telegram_dh_prime().begin(), crypto::telegram_dh_prime().end())};
  out.new_secure_algo = types::SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000{random_bytes(rng, 8)};
  out.secure_random = random_bytes(rng, 32);
  if (account == nullptr || !account->password) return out;
  const auto& password = *account->password;
  PendingSrp pending{account->id, {}};
  rng.fill(pending.b.span());
  const auto b_pub = crypto::srp_server_public(srp_params(password), password.verifier, pending.b.span());
  if (!b_pub) throw RpcFailure(500, "SRP_FAILED");
  const std::int64_t srp_id = shared.world.random_id();
  state.srp.insert_or_assign(srp_id, std::move(pending));
  out.has_password = true;
  out.current_algo = types::PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow{
      password.salt1, password.salt2, 3,
      tl::Bytes(crypto::telegram_dh_prime().begin(), crypto::telegram_dh_prime().end())};
  out.srp_B = tl::Bytes(b_pub->begin(), b_pub->end());
  out.srp_id = srp_id;
  if (!password.hint.empty()) out.hint = password.hint;
  return out;
}

void add_code_login(Dispatcher& d, Shared& shared, std::shared_ptr<AuthState> state) {
  d.on<fn::auth::SendCode>([&shared, state](const Call& call, const fn::auth::SendCode& r) {
    if (r.phone_number.empty()) throw RpcFailure(400, "PHONE_NUMBER_INVALID");
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(shared.world.random_id()));
    state->code_hashes[r.phone_number] = hash;
    shared.log("dc" + std::to_string(call.dc_id) + ": login code for " + r.phone_number + " is " +
               std::string(5, static_cast<char>('0' + call.dc_id % 10)));
    return types::auth::SentCode{.type = types::auth::SentCodeTypeApp{5}, .phone_code_hash = hash};
  });
  const auto check_code = [state](const Call& call, const std::string& phone, const std::string& hash,
                                  const std::optional<std::string>& code) {
    const auto it = state->code_hashes.find(phone);
    if (it == state->code_hashes.end() || it->second != hash) throw RpcFailure(400, "PHONE_CODE_EXPIRED");
    if (code && *code != std::string(5, static_cast<char>('0' + call.dc_id % 10))) {
      throw RpcFailure(400, "PHONE_CODE_INVALID");
    }
  };
  d.on<fn::auth::SignIn>([&shared, state, check_code](
                             const Call& call, const fn::auth::SignIn& r) -> tl::enums::auth::Authorization {
    if (!r.phone_code) throw RpcFailure(400, "PHONE_CODE_EMPTY");
    check_code(call, r.phone_number, r.phone_code_hash, r.phone_code);
    const Account* account = shared.world.account_by_phone(r.phone_number);
    if (account == nullptr) return types::auth::AuthorizationSignUpRequired{};
    state->code_hashes.erase(r.phone_number);
    if (account->password) {
      call.key->awaiting_password = account->id;
      throw RpcFailure(401, "SESSION_PASSWORD_NEEDED");
    }
    return sign_in(shared.world, call, account->id);
  });
  d.on<fn::auth::SignUp>([&shared, state, check_code](const Call& call, const fn::auth::SignUp& r) {
    check_code(call, r.phone_number, r.phone_code_hash, std::nullopt);
    if (r.first_name.empty()) throw RpcFailure(400, "FIRSTNAME_INVALID");
    if (shared.world.account_by_phone(r.phone_number) != nullptr)
      throw RpcFailure(400, "PHONE_NUMBER_OCCUPIED");
    state->code_hashes.erase(r.phone_number);
    const auto& account = shared.world.add_user(r.phone_number, r.first_name, r.last_name);
    return sign_in(shared.world, call, account.id);
  });
}

void add_password(Dispatcher& d, Shared& shared, std::shared_ptr<AuthState> state) {
  d.on<fn::account::GetPassword>([&shared, state](const Call& call, const fn::account::GetPassword&) {
    const auto id = call.key->account ? call.key->account : call.key->awaiting_password;
    return password_info(shared, *state, id ? shared.world.account(*id) : nullptr);
  });
  d.on<fn::auth::CheckPassword>([&shared, state](const Call& call, const fn::auth::CheckPassword& r) {
    const auto* srp = r.password.as<types::InputCheckPasswordSRP>();
    if (srp == nullptr) throw RpcFailure(400, "PASSWORD_HASH_INVALID");
    const auto it = state->srp.find(srp->srp_id);
    if (it == state->srp.end()) throw RpcFailure(400, "SRP_ID_INVALID");
    const PendingSrp pending = std::move(it->second);
    state->srp.erase(it);
    const Account* account = shared.world.account(pending.account);
    if (account == nullptr || !account->password || call.key->awaiting_password != pending.account) {
      throw RpcFailure(400, "SRP_ID_INVALID");
    }
    const auto& password = *account->password;
    if (crypto::srp_server_verify(srp_params(password), password.verifier, pending.b.span(), srp->A,
                                  srp->M1)) {
      throw RpcFailure(400, "PASSWORD_HASH_INVALID");
    }
    return sign_in(shared.world, call, account->id);
  });
}

void add_bots_and_transfer(Dispatcher& d, Shared& shared, std::shared_ptr<AuthState> state) {
  d.on<fn::auth::ImportBotAuthorization>(
      [&shared](const Call& call, const fn::auth::ImportBotAuthorization& r) {
        const Account* bot = shared.world.account_by_token(r.bot_auth_token);
        if (bot == nullptr) throw RpcFailure(400, "ACCESS_TOKEN_INVALID");
        return sign_in(shared.world, call, bot->id);
      });
  d.on<fn::auth::ExportAuthorization>(
      [&shared, state](const Call& call, const fn::auth::ExportAuthorization& r) {
        const std::int64_t account = call.account();
        if (r.dc_id <= 0) throw RpcFailure(400, "DC_ID_INVALID");
        auto& bytes = state->exported[account] = random_bytes(*shared.rng, 32);
        return types::auth::ExportedAuthorization{account, bytes};
      });
  d.on<fn::auth::ImportAuthorization>(
      [&shared, state](const Call& call, const fn::auth::ImportAuthorization& r) {
        const auto it = state->exported.find(r.id);
        if (it == state->exported.end() || it->second != r.bytes) throw RpcFailure(400, "AUTH_BYTES_INVALID");
        state->exported.erase(it);
        return sign_in(shared.world, call, r.id);
      });
  d.on<fn::auth::ExportLoginToken>([&shared](const Call&, const fn::auth::ExportLoginToken&) {
    return types::auth::LoginToken{shared.world.now() + 30, random_bytes(*shared.rng, 32)};
  });
  d.on<fn::auth::LogOut>([](const Call& call, const fn::auth::LogOut&) {
    call.account();
    call.key->account.reset();
    return types::auth::LoggedOut{};
  });
}

}  // namespace

void add_auth(Dispatcher& dispatcher, Shared& shared) {
  auto state = std::make_shared<AuthState>();
  add_code_login(dispatcher, shared, state);
  add_password(dispatcher, shared, state);
  add_bots_and_transfer(dispatcher, shared, state);
}

}  // namespace layer::fakedc::services
