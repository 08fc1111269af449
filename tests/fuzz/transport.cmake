# One fuzzer per transport decoder (see tests/fuzz/transport/); the server one
# goes through detection and ServerTransport.
foreach(codec abridged intermediate padded full obfuscated)
  layer_fuzzer(fuzz_transport_${codec} SOURCES transport/${codec}_fuzzer.cpp LIBS layer::mtproto)
endforeach()
layer_fuzzer(fuzz_transport_server SOURCES transport/server_fuzzer.cpp LIBS layer::mtproto_server)
