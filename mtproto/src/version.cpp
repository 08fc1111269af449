#include "layer/mtproto/version.hpp"

#include "layer/tl/layer.hpp"

namespace layer::mtproto {

int tl_layer() noexcept {
  return layer::tl::layer;
}

}  // namespace layer::mtproto
