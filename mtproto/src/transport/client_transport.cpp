#include "layer/mtproto/transport/client_transport.hpp"

#include "padding.hpp"

#include <array>

#include "layer/mtproto/transport/obfuscated_codec.hpp"
#include "layer/mtproto/transport/obfuscation.hpp"

namespace layer::mtproto::transport {
namespace {

ProtocolTag tag_of(Kind framing) noexcept {
  switch (framing) {
    case Kind::abridged:
      return ProtocolTag::abridged;
    case Kind::padded:
      return ProtocolTag::padded;
    default:
      return ProtocolTag::intermediate;
  }
}

tl::Bytes marker_of(Kind kind) {
  switch (kind) {
    case Kind::abridged:
      return {std::byte{0xef}};
    case Kind::intermediate:
      return tl::Bytes(4, std::byte{0xee});
    case Kind::padded:
      return tl::Bytes(4, std::byte{0xdd});
    default:
      return {};
  }
}

}  // namespace

ClientTransport::ClientTransport(Kind kind, std::unique_ptr<Codec> codec, tl::Bytes prelude) noexcept
    : kind_(kind), codec_(std::move(codec)), prelude_(std::move(prelude)) {}

Result<ClientTransport> ClientTransport::create(const ClientOptions& options, crypto::Rng& rng) {
  const auto* secret = options.secret ? &*options.secret : nullptr;
  if (secret != nullptr && !is_obfuscated(options.kind)) {
    return std::error_code(transport_errc::obfuscation_required);
  }
  auto inner = make_codec(options.kind, Role::client, rng, options.codec);
  if (!is_obfuscated(options.kind))
    return ClientTransport(options.kind, std::move(inner), marker_of(options.kind));
  auto hello = Obfuscator::connect(rng, tag_of(framing_of(options.kind)), options.dc_id, secret);
  if (!hello) return hello.error();
  auto codec = std::make_unique<ObfuscatedCodec>(std::move(inner), std::move(hello->cipher));
  return ClientTransport(options.kind, std::move(codec),
                         tl::Bytes(hello->header.begin(), hello->header.end()));
}

std::error_code ClientTransport::encode(std::span<const std::byte> payload, tl::Bytes& out, bool quick_ack) {
  const auto at = out.size();
  out.insert(out.end(), prelude_.begin(), prelude_.end());
  if (auto ec = codec_->encode(payload, out, quick_ack)) {
    out.resize(at);
    return ec;
  }
  prelude_.clear();
  return {};
}

Result<Decoded> ClientTransport::decode(std::span<std::byte> in) {
  auto r = codec_->decode(in);
  if (r) strip_padding(*r, kind_);
  return r;
}

}  // namespace layer::mtproto::transport
