# The DH key exchange, client and server, and the PFS binding of temporary keys.
list(APPEND LAYER_MTPROTO_SOURCES
     src/handshake/errors.cpp
     src/handshake/common.cpp
     src/handshake/client.cpp
     src/handshake/client_dh.cpp
     src/handshake/server_pq.cpp
     src/handshake/server.cpp
     src/handshake/server_inner_data.cpp
     src/handshake/bind_temp_auth_key.cpp)
