# layer_bench(mtproto_session_bench ...)
