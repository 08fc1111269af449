# Sessions and service messages: the plain and encrypted framing, containers,
# gzip, acks and resends, and the client's and the server's session.
target_sources(layer_mtproto PRIVATE
  src/session/errors.cpp
  src/session/message_id.cpp
  src/session/replay_window.cpp
  src/session/plain_session.cpp
  src/session/encrypted_session.cpp
  src/session/container.cpp
  src/session/gzip.cpp
  src/session/rpc_error.cpp
  src/session/outbox.cpp
  src/session/salt_schedule.cpp
  src/session/service_outbox.cpp
  src/session/client_session.cpp
  src/session/client_requests.cpp
  src/session/client_incoming.cpp
  src/session/client_service.cpp
  src/session/client_quick_acks.cpp)
target_sources(layer_mtproto_server PRIVATE
  src/session/server_session.cpp)
