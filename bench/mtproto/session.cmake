layer_bench(mtproto_session_bench SOURCES session/session_bench.cpp LIBS layer::mtproto)
