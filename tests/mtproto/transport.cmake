# layer_test(mtproto_transport_tests ...)
