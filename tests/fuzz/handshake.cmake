# Both fuzzers drive a real HandshakeServer to reach the later steps.
foreach(side server client)
  layer_fuzzer(fuzz_handshake_${side} SOURCES handshake/${side}_fuzzer.cpp LIBS layer::mtproto_server)
  target_compile_definitions(fuzz_handshake_${side}
                             PRIVATE LAYER_HANDSHAKE_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
endforeach()
