layer_test(mtproto_session_tests
           SOURCES session/encrypted_session_test.cpp
                   session/wire_format_test.cpp
                   session/client_server_test.cpp
                   session/client_unmatched_test.cpp
                   session/client_corrections_test.cpp
                   session/client_new_session_test.cpp
                   session/client_state_test.cpp
                   session/limits_test.cpp
                   session/server_session_test.cpp
                   session/padding_and_ids_test.cpp
                   session/salt_schedule_test.cpp
                   session/msg_id_uniqueness_test.cpp
                   session/server_message_checks_test.cpp
                   session/inflate_budget_test.cpp
                   session/client_inner_checks_test.cpp
                   session/reconnect_test.cpp
                   session/built_body_test.cpp
                   session/quick_ack_test.cpp
                   session/client_deadlines_test.cpp
                   session/in_place_test.cpp
           LIBS layer::mtproto_server nlohmann_json::nlohmann_json)
