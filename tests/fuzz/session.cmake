# layer_fuzzer(fuzz_session_... SOURCES ... LIBS layer::mtproto)
