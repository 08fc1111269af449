// The wrappers mtproto.tl leaves commented out, read and written by hand:
// msg_container (a flat list of messages), rpc_result (an answer with the id of
// its request) and the constructor ids of gzip_packed and msg_copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <system_error>
#include "layer/mtproto/result.hpp"
#include "layer/tl/bytes.hpp"

namespace layer::mtproto {

namespace ids {
inline constexpr std::uint32_t msg_container = 0x73f1f8dc;
inline constexpr std::uint32_t rpc_result = 0xf35c6d01;
inline constexpr std::uint32_t gzip_packed = 0x3072cfa1;
inline constexpr std::uint32_t msg_copy = 0xe06046b2;
}  // namespace ids

inline constexpr std::size_t kMaxContainerMessages = 1020;
// The whole msg_container object: constructor, count and every message.
inline constexpr std::size_t kMaxContainerBytes = 1 << 20;
// msg_id ‖ seq_no ‖ bytes before each body inside a container.
inline constexpr std::size_t kContainedHeaderSize = 16;

// One message as it sits in a container (or alone); body views the input.
struct ContainedMessage {
  std::int64_t msg_id = 0;
  std::int32_t seq_no = 0;
  std::span<const std::byte> body;
};

// The constructor id at the start of body, or 0 when body is shorter than 4 bytes.
std::uint32_t constructor_of(std::span<const std::byte> body) noexcept;

// A msg_container becomes its messages, anything else the one message given.
// mtproto_errc::malformed_message when the container does not parse exactly,
// nested_container when one of its messages is itself a container,
// container_too_large beyond 1020 messages or kMaxContainerBytes.
Result<std::vector<ContainedMessage>> flatten_message(const ContainedMessage& message);

// What a container's messages must keep besides their framing: each msg_id
// below the container's own and none twice. mtproto_errc::invalid_container
// (bad_msg_notification 64) when one does not.
std::error_code check_container(std::span<const ContainedMessage> items, std::int64_t container_id);

// Appends msg_container#73f1f8dc with the given messages to out.
void write_container(tl::Bytes& out, std::span<const ContainedMessage> messages);
// Bytes write_container adds for these body sizes.
std::size_t container_size(std::size_t count, std::size_t total_body_bytes) noexcept;

struct RpcResultView {
  std::int64_t req_msg_id = 0;
  std::span<const std::byte> result;  // the answer's constructor and fields
};

// rpc_result#f35c6d01 req_msg_id:long result:Object; malformed_message when
// body is shorter than the id, the request id and one constructor.
Result<RpcResultView> read_rpc_result(std::span<const std::byte> body);
void write_rpc_result(tl::Bytes& out, std::int64_t req_msg_id, std::span<const std::byte> result);

}  // namespace layer::mtproto
