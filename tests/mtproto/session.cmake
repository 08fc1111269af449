layer_test(mtproto_session_tests
           SOURCES session/encrypted_session_test.cpp session/wire_format_test.cpp session/client_server_test.cpp
           LIBS layer::mtproto nlohmann_json::nlohmann_json)
