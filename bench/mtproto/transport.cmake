# layer_bench(mtproto_transport_bench ...)
