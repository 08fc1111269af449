#include "layer/mtproto/transport/server_transport.hpp"

#include "layer/mtproto/transport/obfuscated_codec.hpp"
#include "padding.hpp"

namespace layer::mtproto::transport {

ServerTransport::ServerTransport(ServerOptions options, crypto::Rng& rng)
    : options_(std::move(options)), rng_(&rng) {}

Result<Decoded> ServerTransport::decode(std::span<std::byte> in) {
  if (failed_) return failed_;
  std::size_t used = 0;
  if (!codec_) {
    auto taken = take_prelude(in);
    if (!taken) return failed_ = taken.error();
    used = *taken;
    if (!codec_) return Decoded{used, std::nullopt};
  }
  auto r = codec_->decode(in.subspan(used));
  if (!r) return r.error();
  strip_padding(*r, *kind());
  return Decoded{used + r->consumed, std::move(r->frame)};
}

// One byte at a time, so that the prelude never swallows bytes of the first
// frame (apart from full's, which start it and are replayed into the codec).
Result<std::size_t> ServerTransport::take_prelude(std::span<const std::byte> in) {
  const auto* secret = options_.secret ? &*options_.secret : nullptr;
  for (std::size_t used = 0;; ++used) {
    auto d =
        detect(std::span<const std::byte>(prelude_).first(prelude_len_), secret, options_.codec.max_payload);
    if (!d) return d.error();
    if (*d) {
      if (auto ec = start(**d)) return ec;
      return used;
    }
    if (used == in.size()) return used;
    prelude_[prelude_len_++] = in[used];
  }
}

std::error_code ServerTransport::start(const Detection& d) {
  auto inner = make_codec(d.kind, Role::server, *rng_, options_.codec);
  if (is_obfuscated(d.kind)) {
    const auto* secret = options_.secret ? &*options_.secret : nullptr;
    auto accepted = Obfuscator::accept(prelude_, secret);
    if (!accepted) return accepted.error();
    inner = std::make_unique<ObfuscatedCodec>(std::move(inner), std::move(accepted->cipher));
    dc_id_ = d.dc_id;
  }
  const auto replay = std::span(prelude_).subspan(d.prelude_size, prelude_len_ - d.prelude_size);
  if (!replay.empty()) {
    // Only full replays (its 8-byte header), and a header alone never completes a frame.
    auto r = inner->decode(replay);
    if (!r) return r.error();
  }
  codec_ = std::move(inner);
  kind_ = d.kind;
  return {};
}

std::error_code ServerTransport::encode(std::span<const std::byte> payload, tl::Bytes& out) {
  if (!codec_) return transport_errc::not_detected;
  return codec_->encode(payload, out, false);
}

std::error_code ServerTransport::encode_quick_ack(std::uint32_t token, tl::Bytes& out) {
  if (!codec_) return transport_errc::not_detected;
  return codec_->encode_quick_ack(token, out);
}

std::error_code ServerTransport::encode_error(std::int32_t code, tl::Bytes& out) {
  if (!codec_) return transport_errc::not_detected;
  return codec_->encode_error(code, out);
}

}  // namespace layer::mtproto::transport
