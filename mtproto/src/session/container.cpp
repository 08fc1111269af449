#include "layer/mtproto/container.hpp"

#include <algorithm>

#include "layer/mtproto/errors.hpp"
#include "le.hpp"

namespace layer::mtproto {
namespace {

void append_u32(tl::Bytes& out, std::uint32_t v) {
  const std::size_t at = out.size();
  out.resize(at + 4);
  detail::store_le(std::span<std::byte>(out), at, v);
}

void append_i64(tl::Bytes& out, std::int64_t v) {
  const std::size_t at = out.size();
  out.resize(at + 8);
  detail::store_le(std::span<std::byte>(out), at, v);
}

}  // namespace

std::uint32_t constructor_of(std::span<const std::byte> body) noexcept {
  return body.size() < 4 ? 0 : detail::load_le<std::uint32_t>(body);
}

Result<std::vector<ContainedMessage>> flatten_message(const ContainedMessage& message) {
  std::span<const std::byte> in = message.body;
  if (constructor_of(in) != ids::msg_container) return std::vector<ContainedMessage>{message};
  if (in.size() > kMaxContainerBytes) return make_error_code(mtproto_errc::container_too_large);
  if (in.size() < 8) return make_error_code(mtproto_errc::malformed_message);
  const auto count = detail::load_le<std::uint32_t>(in, 4);
  if (count > kMaxContainerMessages) return make_error_code(mtproto_errc::container_too_large);
  if (count > (in.size() - 8) / kContainedHeaderSize) return make_error_code(mtproto_errc::malformed_message);

  std::vector<ContainedMessage> out;
  out.reserve(count);
  std::size_t pos = 8;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (in.size() - pos < kContainedHeaderSize) return make_error_code(mtproto_errc::malformed_message);
    ContainedMessage m;
    m.msg_id = detail::load_le<std::int64_t>(in, pos);
    m.seq_no = detail::load_le<std::int32_t>(in, pos + 8);
    const auto length = detail::load_le<std::uint32_t>(in, pos + 12);
    pos += kContainedHeaderSize;
    if (length % 4 != 0 || length > in.size() - pos) return make_error_code(mtproto_errc::malformed_message);
    m.body = in.subspan(pos, length);
    if (constructor_of(m.body) == ids::msg_container) return make_error_code(mtproto_errc::nested_container);
    pos += length;
    out.push_back(m);
  }
  if (pos != in.size()) return make_error_code(mtproto_errc::malformed_message);
  return out;
}

std::error_code check_container(std::span<const ContainedMessage> items, std::int64_t container_id) {
  std::vector<std::int64_t> ids;
  ids.reserve(items.size());
  for (const auto& m : items) {
    if (m.msg_id >= container_id) return make_error_code(mtproto_errc::invalid_container);
    ids.push_back(m.msg_id);
  }
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end())
    return make_error_code(mtproto_errc::invalid_container);
  return {};
}

std::size_t container_size(std::size_t count, std::size_t total_body_bytes) noexcept {
  return 8 + count * kContainedHeaderSize + total_body_bytes;
}

void write_container(tl::Bytes& out, std::span<const ContainedMessage> messages) {
  std::size_t total = 0;
  for (const auto& m : messages) total += m.body.size();
  out.reserve(out.size() + container_size(messages.size(), total));
  append_u32(out, ids::msg_container);
  append_u32(out, static_cast<std::uint32_t>(messages.size()));
  for (const auto& m : messages) {
    append_i64(out, m.msg_id);
    append_u32(out, static_cast<std::uint32_t>(m.seq_no));
    append_u32(out, static_cast<std::uint32_t>(m.body.size()));
    out.insert(out.end(), m.body.begin(), m.body.end());
  }
}

Result<RpcResultView> read_rpc_result(std::span<const std::byte> body) {
  if (constructor_of(body) != ids::rpc_result || body.size() < 16)
    return make_error_code(mtproto_errc::malformed_message);
  return RpcResultView{detail::load_le<std::int64_t>(body, 4), body.subspan(12)};
}

void write_rpc_result(tl::Bytes& out, std::int64_t req_msg_id, std::span<const std::byte> result) {
  append_u32(out, ids::rpc_result);
  append_i64(out, req_msg_id);
  out.insert(out.end(), result.begin(), result.end());
}

}  // namespace layer::mtproto
