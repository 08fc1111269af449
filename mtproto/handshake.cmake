# The DH key exchange, client and server (list(APPEND LAYER_MTPROTO_SOURCES src/auth/...)).
