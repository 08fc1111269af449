// A connection's API calls: peeled of their wrappers, put in our layer's
// terms, run through the faults, dispatched (auth.bindTempAuthKey is the
// connection's own), and answered now, later or by a deferred handler, in the
// client's layer, through the session: a later answer goes out on whichever
// connection carries the session by then.
#include <string>

#include "connection.hpp"
#include "dc.hpp"
#include "layer/mtproto/handshake/bind_temp_auth_key.hpp"
#include "layer/tl/functions/auth.hpp"
#include "layer/tl/names.hpp"
#include "wrappers.hpp"

namespace layer::fakedc {

namespace fn = tl::functions;

std::optional<Connection::Delayed> Connection::answer(const mtproto::IncomingRequest& request) {
  Session& session = *session_;
  Delayed out;
  try {
    const Peeled peeled = peel_wrappers(request.body);
    if (peeled.layer) session.set_layer(*peeled.layer);
    const std::int32_t layer = session.layer();
    if (peeled.client) {
      log("client api_id " + std::to_string(peeled.client->api_id) + ", " + peeled.client->device_model +
          ", " + peeled.client->app_version + ", layer " + std::to_string(layer) +
          (dc_.shared().translator->translates(layer) ? " (translated)" : ""));
    }
    const auto translated = session.in_our_layer(peeled.query);
    const std::span<const std::byte> query =
        translated ? std::span<const std::byte>(*translated) : peeled.query;
    const Call call{
        .dc_id = dc_.id(),
        .layer = layer,
        .auth_key_id = session.auth_key_id(),
        .session_id = session.id(),
        .msg_id = request.msg_id,
        .query = query,
        .key = dc_.shared().world.authority(dc_.id(), session.auth_key_id()),
        .defer = [&session, msg_id = request.msg_id, query] { return session.responder(msg_id, query); }};
    const auto method = tl::name_for_id(call.constructor()).value_or("?");
    const CallFault fault = dc_.shared().faults.on_call(dc_.id(), method);
    // The call still runs: its answer waits in the session for the client's next connection.
    if (fault.drop == CallFault::Drop::after_calls) {
      cut_ = "fault: drop_after reached at " + std::string(method);
    } else if (fault.drop == CallFault::Drop::before_answer) {
      cut_ = "fault: drop_before_answer at " + std::string(method);
    }
    if (fault.resend) {
      log("fault: msg_resend_req for " + std::string(method));
      session.server().request_resend({request.msg_id});
      return std::nullopt;
    }
    out.delay = fault.delay;
    if (fault.error) throw RpcFailure(fault.error->first, fault.error->second);
    if (fault.answer) {
      log("fault: " + std::string(method) + " answered with " + std::to_string(fault.answer->size()) +
          " scripted bytes");
      out.answer.result = *fault.answer;
      return out;
    }
    const bool binding = call.constructor() == fn::auth::BindTempAuthKey::ID;
    out.answer.result = session.in_client_layer(
        query, binding ? bind_temp_key(request, query) : dc_.dispatcher().dispatch(call));
  } catch (const Deferred&) {
    return std::nullopt;
  } catch (const RpcFailure& failure) {
    out.answer.error = {failure.code(), failure.name()};
  } catch (const tl::DecodeError& e) {
    log(std::string("undecodable call: ") + e.what());
    out.answer.error = {400, "INPUT_FETCH_ERROR"};
  } catch (const LayerMismatch& e) {
    log(std::string("layer ") + std::to_string(session.layer()) + ": " + e.what());
    out.answer.error = {400, "INPUT_LAYER_INVALID"};
  } catch (const std::exception& e) {
    log(std::string("handler failed: ") + e.what());
    out.answer.error = {500, "INTERNAL"};
  }
  return out;
}

void Connection::reply_later(std::int64_t msg_id, Delayed answer) {
  dc_.shared().timers.after_detached(
      answer.delay, [weak = session_->weak_from_this(), msg_id, answer = std::move(answer.answer)] {
        const auto session = weak.lock();
        // A forgotten session's answers are lost with it, as on a restarted server.
        if (!session || !session->kept) return;
        session->guarded([&] {
          session->reply(msg_id, answer);
          session->flush();
        });
      });
}

tl::Bytes Connection::bind_temp_key(const mtproto::IncomingRequest& request,
                                    std::span<const std::byte> query) {
  const auto call = tl::deserialize<fn::auth::BindTempAuthKey>(query);
  KeyRecord* perm = dc_.shared().world.key(dc_.id(), static_cast<std::uint64_t>(call.perm_auth_key_id));
  KeyRecord* temp = dc_.shared().world.key(dc_.id(), session_->auth_key_id());
  if (perm == nullptr || temp == nullptr || perm->expires_in || !temp->expires_in) {
    throw RpcFailure(400, "ENCRYPTED_MESSAGE_INVALID");
  }
  const mtproto::handshake::BindContext context{perm->key, temp->key, session_->id(), request.msg_id};
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
