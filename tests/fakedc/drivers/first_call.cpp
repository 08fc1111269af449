#include "first_call.hpp"

#include <utility>

#include "layer/tl/codec.hpp"
#include "layer/tl/functions/root.hpp"

namespace layer::fakedc::test {

tl::Bytes invoke_with_layer(std::int32_t layer, tl::AnyFunction query, std::string device_model) {
  return tl::serialize(tl::functions::InvokeWithLayer{
      .layer = layer,
      .query = tl::functions::InitConnection{.api_id = 1,
                                             .device_model = std::move(device_model),
                                             .system_version = "linux",
                                             .app_version = "1",
                                             .system_lang_code = "en",
                                             .lang_code = "en",
                                             .query = std::move(query)}});
}

}  // namespace layer::fakedc::test
