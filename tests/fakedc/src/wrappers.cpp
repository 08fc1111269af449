#include "wrappers.hpp"

#include "layer/tl/codec.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::fakedc {
namespace {

namespace fn = tl::functions;

// The fields of initConnection before its query, read one by one: decoding the
// whole call would require the query to be of our own layer.
ClientInfo read_init_connection(tl::Reader& r) {
  const std::uint32_t flags = r.read_u32();
  ClientInfo info;
  info.api_id = r.read_i32();
  info.device_model = r.read_string();
  r.read_string();  // system_version
  info.app_version = r.read_string();
  r.read_string();  // system_lang_code
  r.read_string();  // lang_pack
  r.read_string();  // lang_code
  if (flags & 1u) tl::read<tl::enums::InputClientProxy>(r);
  if (flags & 2u) tl::read<tl::enums::JSONValue>(r);
  return info;
}

}  // namespace

Peeled peel_wrappers(std::span<const std::byte> body) {
  Peeled out;
  // Each wrapper costs at least a constructor id, so the loop ends with the input.
  for (;;) {
    tl::Reader r(body);
    const std::uint32_t id = r.read_u32();
    if (id == fn::InvokeWithLayer::ID) {
      out.layer = r.read_i32();
    } else if (id == fn::InitConnection::ID) {
      out.client = read_init_connection(r);
    } else if (id == fn::InvokeWithoutUpdates::ID) {
    } else if (id == fn::InvokeAfterMsg::ID || id == fn::InvokeWithTakeout::ID) {
      r.read_i64();
    } else if (id == fn::InvokeAfterMsgs::ID) {
      tl::read<std::vector<std::int64_t>>(r);
    } else {
      out.query = body;
      return out;
    }
    body = body.subspan(r.offset());
  }
}

}  // namespace layer::fakedc
