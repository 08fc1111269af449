// Byte-exact agreement with tl_serialization.json, whose bytes were produced by
// Telethon and cross-checked by GramJS. Each object is encoded from its JSON
// spec by the schema-driven reference encoder and decoded and re-encoded by the
// generated code; both must reproduce the libraries' bytes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "json_encoder.hpp"
#include "layer/tl.hpp"

namespace layer::tl {
namespace {

using test::from_hex;
using test::to_hex;

const nlohmann::json& vectors() {
  static const nlohmann::json doc = [] {
    std::ifstream in(std::string(LAYER_VECTORS_DIR) + "/tl_serialization.json");
    return nlohmann::json::parse(in);
  }();
  return doc.at("vectors");
}

const test::SchemaIndex& schema() {
  static const test::SchemaIndex index(LAYER_API_SCHEMA, LAYER_MTPROTO_SCHEMA);
  return index;
}

TEST(TlVectors, SpecsEncodeToTheLibrariesBytes) {
  std::size_t checked = 0;
  for (const auto& v : vectors()) {
    if (!v.contains("spec")) continue;
    SCOPED_TRACE(v.at("name").get<std::string>());
    try {
      EXPECT_EQ(to_hex(test::encode_json(schema(), v.at("spec"))), v.at("bytes").get<std::string>());
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot encode the spec: " << e.what();
    }
    ++checked;
  }
  EXPECT_EQ(checked, 23u);
}

TEST(TlVectors, GeneratedCodeDecodesAndReencodesTheLibrariesBytes) {
  for (const auto& v : vectors()) {
    if (!v.contains("spec")) continue;
    SCOPED_TRACE(v.at("name").get<std::string>());
    Bytes bytes = from_hex(v.at("bytes").get<std::string>());
    AnyObject object = deserialize<AnyObject>(bytes);
    char id[9];
    std::snprintf(id, sizeof id, "%08x", object.id());
    EXPECT_EQ(id, v.at("constructor_id").get<std::string>());
    EXPECT_EQ(to_hex(serialize(object)), v.at("bytes").get<std::string>());
  }
}

TEST(TlVectors, BytesAndStringPrimitives) {
  std::size_t checked = 0;
  for (const auto& v : vectors()) {
    if (v.contains("spec")) continue;
    SCOPED_TRACE(v.at("name").get<std::string>());
    Bytes expected = from_hex(v.at("bytes").get<std::string>());
    Bytes out;
    Writer w(out);
    if (v.contains("data")) {
      w.write_bytes(from_hex(v.at("data").get<std::string>()));
    } else {
      w.write_string(v.at("text").get<std::string>());
    }
    w.finish();
    EXPECT_EQ(out, expected);
    Reader r(expected);
    if (v.contains("data")) {
      EXPECT_EQ(to_hex(r.read_bytes()), v.at("data").get<std::string>());
    } else {
      EXPECT_EQ(r.read_string(), v.at("text").get<std::string>());
    }
    EXPECT_EQ(r.remaining(), 0u);
    ++checked;
  }
  EXPECT_EQ(checked, 13u);
}

const nlohmann::json& vector_named(const std::string& name) {
  for (const auto& v : vectors()) {
    if (v.at("name") == name) return v;
  }
  throw std::runtime_error("no vector " + name);
}

std::string hex_of(const auto& value) {
  return to_hex(serialize(value));
}

TEST(TlVectors, TypedValuesBuiltInCppMatchTheLibraries) {
  EXPECT_EQ(hex_of(types::UpdateShortMessage{.id = 1, .user_id = 1, .message = "", .pts = 1, .pts_count = 1}),
            vector_named("update_short_message_minimal").at("bytes"));

  functions::messages::GetHistory history{.peer = types::InputPeerUser{.user_id = 777000, .access_hash = -1},
                                          .add_offset = -10,
                                          .limit = 100,
                                          .max_id = 2147483647};
  EXPECT_EQ(hex_of(history), vector_named("messages_getHistory").at("bytes"));

  types::DcOption dc{.ipv6 = true,
                     .media_only = true,
                     .tcpo_only = true,
                     .cdn = true,
                     .static_ = true,
                     .this_port_only = true,
                     .id = 2,
                     .ip_address = "2001:db8::1",
                     .port = 443,
                     .secret = from_hex("8c82d9c506e39b92abba04392b5ff926")};
  EXPECT_EQ(hex_of(dc), vector_named("dc_option_all_flags_secret").at("bytes"));

  types::MsgsAck ack;
  for (const auto& id : vector_named("msgs_ack_1000_longs").at("spec").at("msg_ids")) {
    ack.msg_ids.push_back(std::stoll(id.at("$long").get<std::string>()));
  }
  EXPECT_EQ(hex_of(ack), vector_named("msgs_ack_1000_longs").at("bytes"));

  Int128 nonce;
  Bytes nonce_bytes = from_hex("c14d9fce32ed65af0270847400376f4e");
  std::copy(nonce_bytes.begin(), nonce_bytes.end(), nonce.begin());
  EXPECT_EQ(hex_of(functions::ReqPqMulti{.nonce = nonce}), vector_named("req_pq_multi").at("bytes"));
}

TEST(TlVectors, TypedDecodeExposesFields) {
  Bytes bytes = from_hex(vector_named("update_short_message_text_entities").at("bytes"));
  auto updates = deserialize<enums::Updates>(bytes);
  const auto* message = updates.as<types::UpdateShortMessage>();
  ASSERT_NE(message, nullptr);
  EXPECT_TRUE(message->out);
  EXPECT_TRUE(message->silent);
  EXPECT_FALSE(message->mentioned);
  EXPECT_EQ(message->id, 4242);
  EXPECT_EQ(message->user_id, 777000);
  EXPECT_EQ(message->via_bot_id, 93372553);
  ASSERT_TRUE(message->entities.has_value());
  ASSERT_EQ(message->entities->size(), 8u);
  const auto* bold = (*message->entities)[0].as<types::MessageEntityBold>();
  ASSERT_NE(bold, nullptr);
  EXPECT_EQ(bold->offset, 7);
  EXPECT_EQ(bold->length, 7);
  EXPECT_EQ(message->message.substr(0, 7), "Hello, ");
}

}  // namespace
}  // namespace layer::tl
