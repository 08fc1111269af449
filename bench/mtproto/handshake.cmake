layer_bench(mtproto_handshake_bench SOURCES handshake/handshake_bench.cpp LIBS layer::mtproto_server)
target_compile_definitions(mtproto_handshake_bench
                           PRIVATE LAYER_HANDSHAKE_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
