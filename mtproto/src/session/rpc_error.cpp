#include "layer/mtproto/rpc_error.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "layer/mtproto/errors.hpp"
#include "layer/tl/codec.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

RpcError parse_rpc_error(std::int32_t code, std::string_view message) {
  RpcError e{code, std::string(message), std::nullopt, std::string(message)};
  // The first underscore-separated segment made only of digits is the value;
  // a leading segment is part of the name ("2FA_CONFIRM_WAIT_5").
  std::size_t start = message.find('_');
  while (start != std::string_view::npos) {
    const std::size_t end = std::min(message.find('_', start + 1), message.size());
    const std::string_view segment = message.substr(start + 1, end - start - 1);
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), v);
    if (all_digits(segment) && ec == std::errc{} && ptr == segment.data() + segment.size()) {
      e.value = v;
      e.name = std::string(message.substr(0, start)) + std::string(message.substr(end));
      break;
    }
    start = end == message.size() ? std::string_view::npos : end;
  }
  return e;
}

Result<RpcError> read_rpc_error(std::span<const std::byte> body) {
  try {
    const auto error = tl::deserialize<tl::types::RpcError>(body);
    return parse_rpc_error(error.error_code, error.error_message);
  } catch (const tl::DecodeError&) {
    return make_error_code(mtproto_errc::malformed_message);
  }
}

}  // namespace layer::mtproto
