layer_test(mtproto_handshake_tests
           SOURCES handshake/client_vectors_test.cpp
                   handshake/client_finish_vectors_test.cpp
                   handshake/client_checks_test.cpp
                   handshake/server_test.cpp
                   handshake/handshake_test.cpp
                   handshake/bind_temp_auth_key_test.cpp
           LIBS layer::mtproto_server nlohmann_json::nlohmann_json)
target_compile_definitions(mtproto_handshake_tests
                           PRIVATE LAYER_HANDSHAKE_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
