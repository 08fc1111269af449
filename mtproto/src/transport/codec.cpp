#include "layer/mtproto/transport/codec.hpp"

#include "layer/mtproto/transport/abridged.hpp"
#include "layer/mtproto/transport/full.hpp"
#include "layer/mtproto/transport/intermediate.hpp"

namespace layer::mtproto::transport {

std::unique_ptr<Codec> make_codec(Kind kind, Role role, crypto::Rng& rng, const CodecOptions& options) {
  switch (framing_of(kind)) {
    case Kind::abridged:
      return std::make_unique<AbridgedCodec>(role, options);
    case Kind::intermediate:
      return std::make_unique<IntermediateCodec>(role, options);
    case Kind::padded:
      return std::make_unique<IntermediateCodec>(IntermediateCodec::padded(role, rng, options));
    default:
      return std::make_unique<FullCodec>(role, options);
  }
}

}  // namespace layer::mtproto::transport
