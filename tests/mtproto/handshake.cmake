# layer_test(mtproto_handshake_tests ...)
