# The unpack fuzzer also feeds ServerSession, the container fuzzer only the parser.
layer_fuzzer(fuzz_session_unpack SOURCES session/unpack_fuzzer.cpp LIBS layer::mtproto_server)
layer_fuzzer(fuzz_session_container SOURCES session/container_fuzzer.cpp LIBS layer::mtproto)
# Many steps of one session per input (see the header comment of each).
layer_fuzzer(fuzz_client_session_stateful SOURCES session/client_stateful_fuzzer.cpp LIBS layer::mtproto)
layer_fuzzer(fuzz_server_session_stateful SOURCES session/server_stateful_fuzzer.cpp LIBS layer::mtproto_server)
