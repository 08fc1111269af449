layer_test(mtproto_transport_tests
  SOURCES
    transport/codec_test.cpp
    transport/detect_test.cpp
    transport/interop_test.cpp
    transport/obfuscation_test.cpp
    transport/roundtrip_test.cpp
  LIBS layer::mtproto_server nlohmann_json::nlohmann_json OpenSSL::Crypto ZLIB::ZLIB)
