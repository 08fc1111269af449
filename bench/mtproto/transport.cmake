layer_bench(mtproto_transport_bench SOURCES transport/transport_bench.cpp LIBS layer::mtproto_server)
