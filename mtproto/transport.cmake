# Transport codecs (list(APPEND LAYER_MTPROTO_SOURCES src/transport/...)).
