#include "session.hpp"

#include <cstdio>

#include "connection.hpp"
#include "dc.hpp"

namespace layer::fakedc {
namespace {

// Bound to its id from the start, so a packet of another session fails to
// open here (session_id_mismatch) instead of being taken for this one's.
mtproto::ServerSessionOptions options_for(std::int64_t session_id) {
  mtproto::ServerSessionOptions options;
  options.session.session_id = session_id;
  return options;
}

}  // namespace

Session::Session(Dc& dc, const KeyRecord& key, std::uint64_t auth_key_id, std::int64_t id)
    : dc_(dc),
      auth_key_id_(auth_key_id),
      id_(id),
      server_(key.key, key.salt, *dc.shared().rng, options_for(id)) {}

std::string Session::name() const {
  char text[40];
  std::snprintf(text, sizeof text, "%016llx/%016llx", static_cast<unsigned long long>(auth_key_id_),
                static_cast<unsigned long long>(id_));
  return text;
}

void Session::log(const std::string& line) const {
  dc_.log("dc" + std::to_string(dc_.id()) + " session " + name() + ": " + line);
}

std::optional<tl::Bytes> Session::in_our_layer(std::span<const std::byte> query) const {
  const auto& translator = *dc_.shared().translator;
  if (!translator.translates(layer_)) return std::nullopt;
  try {
    return translator.request_to_current(layer_, query);
  } catch (const tl::DecodeError&) {
    throw;
  } catch (const std::exception& e) {
    throw LayerMismatch(e.what());
  }
}

tl::Bytes Session::in_client_layer(std::span<const std::byte> query, tl::Bytes result) const {
  const auto& translator = *dc_.shared().translator;
  if (!translator.translates(layer_)) return result;
  try {
    return translator.result_to_layer(layer_, query, result);
  } catch (const std::exception& e) {
    throw LayerMismatch(std::string("answer: ") + e.what());
  }
}

void Session::attach(const std::shared_ptr<Connection>& to) {
  const auto from = connection_.lock();
  if (from == to) return;
  connection_ = to;
  carrier_ = to.get();
  idle.reset();
  parked_pushes_ = 0;
  // Answers sent on the old connection may never have arrived.
  server_.resume();
  if (from) from->release(*this, "moved to another connection");
}

void Session::detach(const Connection& from) {
  if (carrier_ != &from) return;
  connection_.reset();
  carrier_ = nullptr;
  if (kept) dc_.sessions().start_idle(*this);
}

void Session::reply(std::int64_t msg_id, const Answer& answer) {
  if (answer.error) {
    server_.reply_error(msg_id, answer.error->first, answer.error->second);
  } else {
    server_.reply(msg_id, answer.result);
  }
}

Responder Session::responder(std::int64_t msg_id, std::span<const std::byte> query) {
  return Responder([weak = weak_from_this(), msg_id, query = tl::Bytes(query.begin(), query.end())](
                       std::optional<tl::Bytes> result, std::int32_t code, const std::string& name) {
    const auto self = weak.lock();
    // A forgotten session's answers are lost with it, as on a restarted server.
    if (!self || !self->kept) return;
    // Run from another connection's call (a bot's answer): what fails here is this session's.
    self->guarded([&] {
      Answer answer;
      if (result) {
        try {
          answer.result = self->in_client_layer(query, std::move(*result));
        } catch (const LayerMismatch& e) {
          self->log(std::string("layer ") + std::to_string(self->layer_) + ": " + e.what());
          answer.error = {500, "INTERNAL"};
        }
      } else {
        answer.error = {code, name};
      }
      self->reply(msg_id, answer);
      self->flush();
    });
  });
}

void Session::push(std::int64_t account, std::span<const std::byte> updates, std::int64_t skip_session) {
  if (id_ == skip_session) return;
  const KeyRecord* key = dc_.shared().world.authority(dc_.id(), auth_key_id_);
  if (key == nullptr || key->account != account) return;
  if (!connection_.lock()) {
    if (parked_pushes_ == kMaxParkedPushes) return;
    if (++parked_pushes_ == kMaxParkedPushes) log("away too long: later pushes are dropped");
  }
  const auto& translator = *dc_.shared().translator;
  if (translator.translates(layer_)) {
    try {
      server_.push_update(translator.to_layer(layer_, updates));
    } catch (const std::exception& e) {
      // What the client's layer cannot carry is not sent, and says so.
      log(std::string("push not sent: layer ") + std::to_string(layer_) + ": " + e.what());
      return;
    }
  } else {
    server_.push_update(updates);
  }
  flush();
}

void Session::flush() {
  if (const auto c = connection_.lock()) c->flush();
}

void Session::guarded(const std::function<void()>& work) {
  if (const auto c = connection_.lock()) return c->guarded(work);
  try {
    work();
  } catch (const std::exception& e) {
    log(std::string("failed with no connection: ") + e.what());
  }
}

}  // namespace layer::fakedc
