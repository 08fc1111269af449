// Routes a client's function call to the handler registered for its constructor
// id. Handlers see the innermost query (invokeWithLayer, initConnection and the
// other wrappers already peeled off) and either return the answer or throw
// RpcFailure, which the DC sends back as rpc_error.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "layer/tl/bytes.hpp"
#include "layer/tl/codec.hpp"

namespace layer::fakedc {

struct KeyRecord;

// An rpc_error as Telegram sends it, e.g. {420, "FLOOD_WAIT_30"}.
class RpcFailure : public std::runtime_error {
 public:
  RpcFailure(std::int32_t code, const std::string& name) : std::runtime_error(name), code_(code) {}
  std::int32_t code() const noexcept { return code_; }
  std::string name() const { return what(); }

 private:
  std::int32_t code_;
};

// Sends the answer of a deferred call, once, to the connection that asked
// (nothing if it is gone by then).
class Responder {
 public:
  using Send =
      std::function<void(std::optional<tl::Bytes> result, std::int32_t code, const std::string& name)>;
  explicit Responder(Send send) : send_(std::move(send)) {}
  void result(tl::Bytes bytes) const { send_(std::move(bytes), 0, {}); }
  void error(std::int32_t code, const std::string& name) const { send_(std::nullopt, code, name); }

 private:
  Send send_;
};

// Thrown by a handler that cannot answer yet (a bot callback query waits for
// the bot) after it took a Responder from Call::defer.
class Deferred : public std::exception {
 public:
  const char* what() const noexcept override { return "deferred"; }
};

// Who asks and what: the connection's context plus the query.
struct Call {
  std::int32_t dc_id = 0;
  std::int32_t layer = 0;  // from invokeWithLayer; 0 until the client sent one
  std::uint64_t auth_key_id = 0;
  std::int64_t session_id = 0;
  std::int64_t msg_id = 0;
  std::span<const std::byte> query;  // constructor id and fields
  // The key's record in the world (a bound temporary key's permanent one):
  // whom it is signed in as. Null only outside a DC connection.
  KeyRecord* key = nullptr;
  // Takes the right to answer later; set inside a DC connection.
  std::function<Responder()> defer{};

  std::uint32_t constructor() const;
  // The signed-in account, or RpcFailure 401 AUTH_KEY_UNREGISTERED.
  std::int64_t account() const;
};

class Dispatcher {
 public:
  using Handler = std::function<tl::Bytes(const Call&)>;

  // A handler of raw bytes: it returns the serialized answer.
  void on_id(std::uint32_t id, Handler handler) { handlers_[id] = std::move(handler); }

  // A typed handler: f(const Call&, const Fn&) returns a value of Fn::Return
  // (or one that converts to it). A query that does not decode as Fn is
  // answered with 400 INPUT_FETCH_ERROR.
  template <class Fn, class F>
  void on(F f) {
    on_id(Fn::ID, [f = std::move(f)](const Call& call) {
      const Fn request = decode<Fn>(call.query);
      return tl::serialize(typename Fn::Return(f(call, request)));
    });
  }

  // Asked when no handler matches here (a DC's own dispatcher falls back to
  // the cluster's shared one); it must outlive this dispatcher.
  void set_fallback(const Dispatcher* fallback) noexcept { fallback_ = fallback; }

  bool handles(std::uint32_t id) const;
  // The answer, or RpcFailure: the handler's own, 400 INPUT_FETCH_ERROR for a
  // query that does not decode, 400 INPUT_METHOD_INVALID_<id> for no handler.
  tl::Bytes dispatch(const Call& call) const;

 private:
  template <class Fn>
  static Fn decode(std::span<const std::byte> query) {
    try {
      return tl::deserialize<Fn>(query);
    } catch (const tl::DecodeError&) {
      throw RpcFailure(400, "INPUT_FETCH_ERROR");
    }
  }

  std::unordered_map<std::uint32_t, Handler> handlers_;
  const Dispatcher* fallback_ = nullptr;
};

}  // namespace layer::fakedc
