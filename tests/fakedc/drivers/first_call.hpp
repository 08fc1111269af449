// A client's first call as the fake DC's tests make it: query wrapped in
// invokeWithLayer(layer, initConnection(...)), with a test device's fields.
//
//   client.call(invoke_with_layer(tl::layer, tl::functions::help::GetConfig{}));
#pragma once

#include <cstdint>
#include <string>

#include "layer/tl/boxed.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::fakedc::test {

tl::Bytes invoke_with_layer(std::int32_t layer, tl::AnyFunction query, std::string device_model = "test");

}  // namespace layer::fakedc::test
