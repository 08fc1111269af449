# layer_fuzzer(fuzz_handshake_... SOURCES ... LIBS layer::mtproto)
