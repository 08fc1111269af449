# The DH key exchange, client and server, and the PFS binding of temporary keys
# (made by the client, checked by the server).
target_sources(layer_mtproto PRIVATE
  src/handshake/errors.cpp
  src/handshake/common.cpp
  src/handshake/client.cpp
  src/handshake/client_dh.cpp
  src/handshake/bind_temp_auth_key.cpp)
target_sources(layer_mtproto_server PRIVATE
  src/handshake/server_pq.cpp
  src/handshake/server.cpp
  src/handshake/server_inner_data.cpp
  src/handshake/verify_bind_temp_auth_key.cpp)
