# The unpack fuzzer also feeds ServerSession, the container fuzzer only the parser.
layer_fuzzer(fuzz_session_unpack SOURCES session/unpack_fuzzer.cpp LIBS layer::mtproto_server)
layer_fuzzer(fuzz_session_container SOURCES session/container_fuzzer.cpp LIBS layer::mtproto)
