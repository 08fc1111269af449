layer_fuzzer(fuzz_session_unpack SOURCES session/unpack_fuzzer.cpp LIBS layer::mtproto)
layer_fuzzer(fuzz_session_container SOURCES session/container_fuzzer.cpp LIBS layer::mtproto)
