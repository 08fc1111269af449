# layer_bench(mtproto_handshake_bench ...)
