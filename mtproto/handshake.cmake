# The DH key exchange, client and server, and the PFS binding of temporary keys.
list(APPEND LAYER_MTPROTO_SOURCES
     src/auth/errors.cpp
     src/auth/common.cpp
     src/auth/client.cpp
     src/auth/client_dh.cpp
     src/auth/server_pq.cpp
     src/auth/server.cpp
     src/auth/server_inner_data.cpp
     src/auth/bind_temp_auth_key.cpp)
