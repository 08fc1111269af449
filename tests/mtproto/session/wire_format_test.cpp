// PlainSession, containers, gzip_packed and rpc_error parsing.
#include <gtest/gtest.h>

#include "helpers.hpp"
#include "layer/mtproto/container.hpp"
#include "layer/mtproto/errors.hpp"
#include "layer/mtproto/gzip.hpp"
#include "layer/mtproto/plain_session.hpp"
#include "layer/mtproto/rpc_error.hpp"
#include "layer/tl/functions/root.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::mtproto::test {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

TEST(PlainSession, PacksReqPqMulti) {
  PlainSession session;
  tl::functions::ReqPqMulti req;
  req.nonce.fill(std::byte{0xab});
  const Bytes packet = session.pack_plain(req, at(kNow, 1085));
  Bytes expected =
      hex("0000000000000000"
          "3412000000f15365"
          "14000000"
          "f18e7ebe");
  expected.resize(expected.size() + 16, std::byte{0xab});
  EXPECT_EQ(packet, expected);
  EXPECT_EQ(session.pack_plain(tl::serialize(req), at(kNow)).size(), expected.size());
}

TEST(PlainSession, UnpacksAndRejects) {
  PlainSession session;
  Bytes ok =
      hex("0000000000000000"
          "0100000000f15365"
          "04000000"
          "01020304");
  auto m = session.unpack_plain(ok);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->msg_id, 0x6553f10000000001);
  EXPECT_EQ(m->body.size(), 4u);
  EXPECT_EQ(session.unpack_plain(Bytes(ok.begin(), ok.begin() + 19)).error(),
            mtproto_errc::bad_packet_length);
  Bytes key = ok;
  key[3] = std::byte{1};
  EXPECT_EQ(session.unpack_plain(key).error(), mtproto_errc::auth_key_mismatch);
  Bytes len = ok;
  len[16] = std::byte{8};
  EXPECT_EQ(session.unpack_plain(len).error(), mtproto_errc::bad_plain_message);
  Bytes even = ok;
  even[8] = std::byte{4};
  EXPECT_EQ(session.unpack_plain(even).error(), mtproto_errc::bad_msg_id_parity);
  PlainSession server(Side::server);
  EXPECT_EQ(server.unpack_plain(ok).error(), mtproto_errc::bad_msg_id_parity);
}

Bytes container_of(std::vector<Bytes> bodies, std::int64_t first_id = 4) {
  std::vector<ContainedMessage> items;
  for (const auto& b : bodies) items.push_back({first_id, 1, b}), first_id += 4;
  Bytes out;
  write_container(out, items);
  return out;
}

TEST(Container, RoundTrip) {
  const Bytes a = tl::serialize(tl::types::Pong{1, 2});
  const Bytes b = tl::serialize(tl::types::MsgsAck{{5, 6}});
  const Bytes c = container_of({a, b});
  EXPECT_EQ(c.size(), container_size(2, a.size() + b.size()));
  auto items = flatten_message({100, 2, c});
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].msg_id, 4);
  EXPECT_EQ(Bytes((*items)[1].body.begin(), (*items)[1].body.end()), b);
  auto single = flatten_message({100, 1, a});
  ASSERT_TRUE(single);
  EXPECT_EQ(single->size(), 1u);
}

TEST(Container, RejectsNested) {
  const Bytes inner = container_of({tl::serialize(tl::types::Pong{1, 2})});
  EXPECT_EQ(flatten_message({100, 2, container_of({inner})}).error(), mtproto_errc::nested_container);
}

TEST(Container, RejectsMalformed) {
  Bytes c = container_of({tl::serialize(tl::types::Pong{1, 2})});
  EXPECT_EQ(flatten_message({1, 2, Bytes(c.begin(), c.end() - 4)}).error(), mtproto_errc::malformed_message);
  Bytes extra = c;
  extra.resize(extra.size() + 4);
  EXPECT_EQ(flatten_message({1, 2, extra}).error(), mtproto_errc::malformed_message);
  Bytes odd_len = c;
  odd_len[8 + 12] = std::byte{3};
  EXPECT_EQ(flatten_message({1, 2, odd_len}).error(), mtproto_errc::malformed_message);
  Bytes count = c;
  count[4] = std::byte{9};
  EXPECT_EQ(flatten_message({1, 2, count}).error(), mtproto_errc::malformed_message);
  EXPECT_EQ(flatten_message({1, 2, Bytes(c.begin(), c.begin() + 6)}).error(),
            mtproto_errc::malformed_message);
}

TEST(Container, RejectsMoreThan1020Messages) {
  std::vector<Bytes> bodies(1021, Bytes{});
  EXPECT_EQ(flatten_message({1, 2, container_of(bodies)}).error(), mtproto_errc::container_too_large);
  bodies.pop_back();
  EXPECT_TRUE(flatten_message({1, 2, container_of(bodies)}));
}

TEST(RpcResult, ReadsAndRejects) {
  Bytes body;
  write_rpc_result(body, 0x1234, tl::serialize(tl::types::Pong{1, 2}));
  auto r = read_rpc_result(body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->req_msg_id, 0x1234);
  EXPECT_EQ(Bytes(r->result.begin(), r->result.end()), tl::serialize(tl::types::Pong{1, 2}));
  EXPECT_EQ(read_rpc_result(Bytes(body.begin(), body.begin() + 12)).error(), mtproto_errc::malformed_message);
}

class GzipVectors : public ::testing::TestWithParam<const char*> {};

TEST_P(GzipVectors, DecodesTelethonBlob) {
  const auto v = vector_named("gzip_packed.json", GetParam());
  auto inner = read_gzip_packed(hex(v.at("gzip_packed").get<std::string>()));
  ASSERT_TRUE(inner) << inner.error().message();
  EXPECT_EQ(*inner, hex(v.at("inner").get<std::string>()));
}

INSTANTIATE_TEST_SUITE_P(Levels, GzipVectors,
                         ::testing::Values("gzip_packed_decode_level9", "gzip_packed_decode_level6",
                                           "gzip_packed_decode_level1"));

TEST(Gzip, IfSmallerFollowsTelethon) {
  const Bytes content =
      hex(vector_named("gzip_packed.json", "gzip_packed_decode_level9").at("inner").get<std::string>());
  for (const char* name :
       {"gzip_if_smaller_2412_content", "gzip_if_smaller_2412_service", "gzip_if_smaller_400_content"}) {
    const auto v = vector_named("gzip_packed.json", name);
    const Bytes input(content.begin(), content.begin() + v.at("input_len").get<std::ptrdiff_t>());
    const Bytes out = gzip_if_smaller(input, v.at("content_related").get<bool>());
    EXPECT_EQ(constructor_of(out) == ids::gzip_packed, v.at("telethon_gzipped").get<bool>()) << name;
    EXPECT_EQ(*unwrap_gzip(out), input) << name;
    if (!v.at("telethon_gzipped").get<bool>()) {
      EXPECT_EQ(out, input) << name;
    }
  }
}

TEST(Gzip, IncompressibleStaysPlain) {
  crypto::DeterministicRng rng(5);
  Bytes noise(4096);
  rng.fill(noise);
  EXPECT_EQ(gzip_if_smaller(noise, true), noise);
}

TEST(Gzip, BombStopsAtCap) {
  const Bytes zeros(std::size_t{20} << 20, std::byte{0});
  const Bytes packed = write_gzip_packed(zeros);
  EXPECT_LT(packed.size(), 64u * 1024);
  EXPECT_EQ(read_gzip_packed(packed).error(), mtproto_errc::gzip_bomb);
  EXPECT_EQ(read_gzip_packed(packed, 1 << 20).error(), mtproto_errc::gzip_bomb);
  EXPECT_TRUE(read_gzip_packed(packed, std::size_t{20} << 20));
}

TEST(Gzip, RejectsBadData) {
  const Bytes packed = write_gzip_packed(Bytes(100, std::byte{1}));
  Bytes truncated = gzip(Bytes(100, std::byte{1}));
  truncated.resize(truncated.size() / 2);
  EXPECT_EQ(gunzip(truncated).error(), mtproto_errc::bad_gzip);
  Bytes garbage;
  {
    tl::Writer w(garbage);
    w.write_u32(ids::gzip_packed);
    w.write_string("not gzip at all");
  }
  EXPECT_EQ(read_gzip_packed(garbage).error(), mtproto_errc::bad_gzip);
  Bytes cut(garbage.begin(), garbage.end() - 4);
  EXPECT_EQ(read_gzip_packed(cut).error(), mtproto_errc::malformed_message);
  EXPECT_EQ(read_gzip_packed(write_gzip_packed(packed)).error(), mtproto_errc::malformed_message);
  EXPECT_EQ(gunzip(Bytes(10, std::byte{0x1f})).error(), mtproto_errc::bad_gzip);
}

TEST(RpcErrorParse, SplitsNumericPart) {
  EXPECT_EQ(parse_rpc_error(420, "FLOOD_WAIT_17"), (RpcError{420, "FLOOD_WAIT", 17, "FLOOD_WAIT_17"}));
  EXPECT_EQ(parse_rpc_error(400, "FILE_PART_3_MISSING"),
            (RpcError{400, "FILE_PART_MISSING", 3, "FILE_PART_3_MISSING"}));
  EXPECT_EQ(parse_rpc_error(303, "PHONE_MIGRATE_2").value, 2);
  EXPECT_EQ(parse_rpc_error(400, "2FA_CONFIRM_WAIT_5").name, "2FA_CONFIRM_WAIT");
  EXPECT_EQ(parse_rpc_error(400, "PEER_ID_INVALID"),
            (RpcError{400, "PEER_ID_INVALID", std::nullopt, "PEER_ID_INVALID"}));
  EXPECT_FALSE(parse_rpc_error(400, "X_99999999999999999999999").value);
  EXPECT_EQ(read_rpc_error(tl::serialize(tl::types::RpcError{420, "FLOOD_WAIT_17"}))->value, 17);
  EXPECT_EQ(read_rpc_error(Bytes(6)).error(), mtproto_errc::malformed_message);
}

}  // namespace
}  // namespace layer::mtproto::test
