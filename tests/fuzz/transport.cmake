# layer_fuzzer(fuzz_transport_... SOURCES ... LIBS layer::mtproto)
