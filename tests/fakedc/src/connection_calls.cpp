// A connection's API calls: peeled of their wrappers, put in our layer's
// terms, run through the faults, dispatched (auth.bindTempAuthKey is the
// connection's own), and answered now, later or by a deferred handler, in the
// client's layer.
#include <string>

#include "connection.hpp"
#include "dc.hpp"
#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/names.hpp"
#include "wrappers.hpp"

namespace layer::fakedc {

namespace fn = tl::functions;

std::optional<Connection::Answer> Connection::answer(const mtproto::IncomingRequest& request) {
  Answer out;
  try {
    const Peeled peeled = peel_wrappers(request.body);
    if (peeled.layer) layer_ = *peeled.layer;
    if (peeled.client) {
      log("client api_id " + std::to_string(peeled.client->api_id) + ", " + peeled.client->device_model +
          ", " + peeled.client->app_version + ", layer " + std::to_string(layer_) +
          (dc_.shared().translator->translates(layer_) ? " (translated)" : ""));
    }
    const auto translated = in_our_layer(peeled.query);
    const std::span<const std::byte> query =
        translated ? std::span<const std::byte>(*translated) : peeled.query;
    const Call call{.dc_id = dc_.id(),
                    .layer = layer_,
                    .auth_key_id = auth_key_id_,
                    .session_id = session_->session().session_id().value_or(0),
                    .msg_id = request.msg_id,
                    .query = query,
                    .key = dc_.shared().world.authority(dc_.id(), auth_key_id_),
                    .defer = [this, msg_id = request.msg_id, query] { return responder(msg_id, query); }};
    const auto method = tl::name_for_id(call.constructor()).value_or("?");
    const CallFault fault = dc_.shared().faults.on_call(dc_.id(), method);
    if (fault.drop) {
      drop("fault: drop_after reached at " + std::string(method));
      return std::nullopt;
    }
    if (fault.resend) {
      log("fault: msg_resend_req for " + std::string(method));
      session_->request_resend({request.msg_id});
      return std::nullopt;
    }
    out.delay = fault.delay;
    if (fault.error) throw RpcFailure(fault.error->first, fault.error->second);
    const bool binding = call.constructor() == fn::auth::BindTempAuthKey::ID;
    out.result =
        in_client_layer(query, binding ? bind_temp_key(request, query) : dc_.dispatcher().dispatch(call));
  } catch (const Deferred&) {
    return std::nullopt;
  } catch (const RpcFailure& failure) {
    out.error = {failure.code(), failure.name()};
  } catch (const tl::DecodeError& e) {
    log(std::string("undecodable call: ") + e.what());
    out.error = {400, "INPUT_FETCH_ERROR"};
  } catch (const LayerMismatch& e) {
    log(std::string("layer ") + std::to_string(layer_) + ": " + e.what());
    out.error = {400, "INPUT_LAYER_INVALID"};
  } catch (const std::exception& e) {
    log(std::string("handler failed: ") + e.what());
    out.error = {500, "INTERNAL"};
  }
  return out;
}

void Connection::reply(std::int64_t msg_id, const Answer& answer) {
  if (answer.error) {
    session_->reply_error(msg_id, answer.error->first, answer.error->second);
  } else {
    session_->reply(msg_id, answer.result);
  }
}

Responder Connection::responder(std::int64_t msg_id, std::span<const std::byte> query) {
  return Responder([weak = weak_from_this(), msg_id, query = tl::Bytes(query.begin(), query.end())](
                       std::optional<tl::Bytes> result, std::int32_t code, const std::string& name) {
    const auto self = weak.lock();
    if (!self || self->closed_ || !self->session_) return;
    // Run from another connection's call (a bot's answer): what fails here closes this one.
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

void Connection::reply_later(std::int64_t msg_id, Answer answer) {
  dc_.shared().timers.after_detached(answer.delay, [self = shared_from_this(), msg_id, answer] {
    if (self->closed_ || !self->session_) return;
    self->guarded([&] {
      self->reply(msg_id, answer);
      self->flush();
    });
  });
}

std::optional<tl::Bytes> Connection::in_our_layer(std::span<const std::byte> query) const {
  if (!dc_.shared().translator->translates(layer_)) return std::nullopt;
  try {
    return dc_.shared().translator->request_to_current(layer_, query);
  } catch (const tl::DecodeError&) {
    throw;
  } catch (const std::exception& e) {
    throw LayerMismatch(e.what());
  }
}

tl::Bytes Connection::in_client_layer(std::span<const std::byte> query, tl::Bytes result) const {
  if (!dc_.shared().translator->translates(layer_)) return result;
  try {
    return dc_.shared().translator->result_to_layer(layer_, query, result);
  } catch (const std::exception& e) {
    throw LayerMismatch(std::string("answer: ") + e.what());
  }
}

tl::Bytes Connection::bind_temp_key(const mtproto::IncomingRequest& request,
                                    std::span<const std::byte> query) {
  const auto call = tl::deserialize<fn::auth::BindTempAuthKey>(query);
  KeyRecord* perm = dc_.shared().world.key(dc_.id(), static_cast<std::uint64_t>(call.perm_auth_key_id));
  KeyRecord* temp = dc_.shared().world.key(dc_.id(), auth_key_id_);
  if (perm == nullptr || temp == nullptr || perm->expires_in || !temp->expires_in) {
    throw RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
  }
  const mtproto::handshake::BindContext context{perm->key, temp->key, session_->session().session_id().value_or(0),
                                           request.msg_id};
  const auto bound = mtproto::handshake::verify_bind_temp_auth_key(call, context);
  if (!bound) {
    log("auth.bindTempAuthKey rejected: " + bound.error().message());
    throw RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
  }
  temp->bound_to = perm->key.id();
  log("temporary key " + hex_id(temp->key.id()) + " bound to " + hex_id(perm->key.id()));
  return tl::serialize(true);
}

}  // namespace layer::fakedc
