#include "layer/mtproto/transport/detect.hpp"

#include <algorithm>
#include <array>

#include "layer/mtproto/transport/full.hpp"
#include "layer/mtproto/transport/obfuscation.hpp"
#include "wire.hpp"

namespace layer::mtproto::transport {
namespace {

enum class Plain { need_more, none, abridged, intermediate, padded, full, unknown };

// HTTP verbs and a TLS record: protocols a client may open with that we do not serve.
constexpr std::array<std::uint32_t, 5> kUnservedFirstWords = {0x44414548, 0x54534f50, 0x20544547, 0x4954504f,
                                                              0x02010316};

bool plausible_full_length(std::uint32_t length, std::size_t max_payload) noexcept {
  return length >= FullCodec::kEnvelope + 4 && length % 4 == 0 &&
         length - FullCodec::kEnvelope <= max_payload;
}

Plain classify(std::span<const std::byte> first, std::size_t max_payload) noexcept {
  if (first.empty()) return Plain::need_more;
  if (first[0] == std::byte{0xef}) return Plain::abridged;
  if (first.size() < 4) return Plain::need_more;
  const auto word = detail::load_le<std::uint32_t>(first);
  if (word == 0xeeeeeeee) return Plain::intermediate;
  if (word == 0xdddddddd) return Plain::padded;
  if (std::find(kUnservedFirstWords.begin(), kUnservedFirstWords.end(), word) != kUnservedFirstWords.end()) {
    return Plain::unknown;
  }
  if (first.size() < 8) return Plain::need_more;
  // Full has no marker: its first frame starts with a length and sequence number 0,
  // a second word that obfuscated2 clients are forbidden to send.
  if (detail::load_le<std::uint32_t>(first, 4) != 0) return Plain::none;
  return plausible_full_length(word, max_payload) ? Plain::full : Plain::unknown;
}

Detection plain_detection(Plain p) noexcept {
  switch (p) {
    case Plain::abridged:
      return {Kind::abridged, 1};
    case Plain::intermediate:
      return {Kind::intermediate, 4};
    case Plain::padded:
      return {Kind::padded, 4};
    default:
      return {Kind::full, 0};
  }
}

}  // namespace

Result<std::optional<Detection>> detect(std::span<const std::byte> first, const Secret* secret,
                                        std::size_t max_payload) {
  const auto plain = classify(first, max_payload);
  switch (plain) {
    case Plain::need_more:
      return std::optional<Detection>{};
    case Plain::none:
      break;
    case Plain::unknown:
      return std::error_code(secret ? transport_errc::obfuscation_required
                                    : transport_errc::unknown_transport);
    default:
      if (secret != nullptr) return std::error_code(transport_errc::obfuscation_required);
      return std::optional<Detection>(plain_detection(plain));
  }
  if (first.size() < kObfuscatedHeaderSize) return std::optional<Detection>{};
  auto accepted = Obfuscator::accept(first.first<kObfuscatedHeaderSize>(), secret);
  if (!accepted) return accepted.error();
  return std::optional<Detection>(Detection{accepted->kind, kObfuscatedHeaderSize, accepted->dc_id});
}

}  // namespace layer::mtproto::transport
