#include "layer/mtproto/transport/errors.hpp"

#include <string>

namespace layer::mtproto::transport {
namespace {

const char* describe(transport_errc e) noexcept {
  switch (e) {
    case transport_errc::zero_length:
      return "frame declares an empty payload";
    case transport_errc::length_not_aligned:
      return "frame length is not a multiple of 4";
    case transport_errc::length_too_large:
      return "frame length above the configured maximum";
    case transport_errc::length_too_small:
      return "full transport length below 16";
    case transport_errc::bad_crc:
      return "full transport CRC32 mismatch";
    case transport_errc::bad_seq_no:
      return "full transport sequence number out of order";
    case transport_errc::forbidden_header:
      return "obfuscated2 header a client must not send";
    case transport_errc::unknown_protocol_tag:
      return "obfuscated2 protocol tag unknown (wrong secret?)";
    case transport_errc::padded_required:
      return "dd secret requires padded intermediate";
    case transport_errc::obfuscation_required:
      return "proxy secret requires obfuscated2";
    case transport_errc::invalid_secret:
      return "MTProxy secret must be 16 bytes or dd + 16 bytes";
    case transport_errc::unknown_transport:
      return "first bytes match no MTProto transport";
    case transport_errc::not_detected:
      return "client transport not detected yet";
    case transport_errc::wrong_role:
      return "only a server sends quick acks and transport errors";
    case transport_errc::auth_key_not_found:
      return "transport error -404: auth key not found";
    case transport_errc::flood:
      return "transport error -429: too many connections";
    case transport_errc::invalid_dc:
      return "transport error -444: invalid DC";
    case transport_errc::transport_error:
      return "transport error from the server";
  }
  return "unknown transport error";
}

class TransportCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "layer.transport"; }
  std::string message(int ev) const override { return describe(static_cast<transport_errc>(ev)); }
};

}  // namespace

const std::error_category& transport_category() noexcept {
  static const TransportCategory category;
  return category;
}

std::error_code error_from_transport_code(std::int32_t code) noexcept {
  switch (code) {
    case 0:
      return {};
    case -404:
      return transport_errc::auth_key_not_found;
    case -429:
      return transport_errc::flood;
    case -444:
      return transport_errc::invalid_dc;
    default:
      return transport_errc::transport_error;
  }
}

}  // namespace layer::mtproto::transport
