foreach(side server client)
  layer_fuzzer(fuzz_handshake_${side} SOURCES handshake/${side}_fuzzer.cpp LIBS layer::mtproto)
  target_compile_definitions(fuzz_handshake_${side}
                             PRIVATE LAYER_HANDSHAKE_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
endforeach()
