# layer_test(mtproto_session_tests ...)
