# Transport codecs: abridged, intermediate (+ padded), full, obfuscated2, and the
# client/server connection wrappers with server-side detection.
target_sources(layer_mtproto PRIVATE
  src/transport/abridged.cpp
  src/transport/client_transport.cpp
  src/transport/codec.cpp
  src/transport/errors.cpp
  src/transport/frame_reader.cpp
  src/transport/full.cpp
  src/transport/intermediate.cpp
  src/transport/kind.cpp
  src/transport/obfuscated_codec.cpp
  src/transport/obfuscation.cpp
  src/transport/padding.cpp
  src/transport/secret.cpp)
target_sources(layer_mtproto_server PRIVATE
  src/transport/detect.cpp
  src/transport/server_transport.cpp)
