# Handshake, sessions and service messages (list(APPEND LAYER_MTPROTO_SOURCES src/...)).
