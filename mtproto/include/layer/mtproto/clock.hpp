#pragma once

#include <chrono>

namespace layer::mtproto {

// Time is always passed in by the caller (the I/O layer or a test); nothing in
// mtproto reads a clock.
using Time = std::chrono::system_clock::time_point;

}  // namespace layer::mtproto
