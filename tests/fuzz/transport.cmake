# One fuzzer per transport decoder (see tests/fuzz/transport/).
foreach(codec abridged intermediate padded full obfuscated server)
  layer_fuzzer(fuzz_transport_${codec} SOURCES transport/${codec}_fuzzer.cpp LIBS layer::mtproto)
endforeach()
