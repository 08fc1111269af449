// Hostile input: every truncation of real objects, mutated and random bytes,
// and length fields at their limits are all rejected with a DecodeError that
// names the failure; nothing crashes, over-reads or allocates without bound.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "json_encoder.hpp"
#include "layer/tl.hpp"

namespace layer::tl {
namespace {

using test::from_hex;

Bytes vector_bytes(const std::string& name) {
  std::ifstream in(std::string(LAYER_VECTORS_DIR) + "/tl_serialization.json");
  const nlohmann::json doc = nlohmann::json::parse(in);
  for (const auto& v : doc.at("vectors")) {
    if (v.at("name") == name) return from_hex(v.at("bytes").get<std::string>());
  }
  throw std::runtime_error("no vector " + name);
}

const std::vector<std::string> real_objects = {"update_short_message_text_entities",
                                               "invoke_with_layer_init_connection_proxy_params",
                                               "messages_getMessages_200_ids",
                                               "dc_option_all_flags_secret",
                                               "users_getUsers_mixed",
                                               "upload_saveFilePart_bytes_300"};

DecodeErrc decode_error(std::span<const std::byte> bytes) {
  try {
    deserialize<AnyObject>(bytes);
  } catch (const DecodeError& e) {
    return e.code();
  }
  ADD_FAILURE() << "decoded without error";
  return DecodeErrc::trailing_bytes;
}

TEST(Hostile, EveryTruncationOfRealObjectsIsRejected) {
  for (const auto& name : real_objects) {
    Bytes bytes = vector_bytes(name);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
      DecodeErrc code = decode_error(std::span(bytes).first(cut));
      EXPECT_TRUE(code == DecodeErrc::truncated || code == DecodeErrc::length_too_large)
          << name << " cut " << cut;
    }
    EXPECT_NO_THROW(deserialize<AnyObject>(bytes)) << name;
  }
}

TEST(Hostile, MutatedRealObjectsDecodeOrFailCleanly) {
  std::mt19937 rng(12345);
  for (const auto& name : real_objects) {
    Bytes original = vector_bytes(name);
    for (int round = 0; round < 2000; ++round) {
      Bytes bytes = original;
      for (int flips = 1 + static_cast<int>(rng() % 4); flips > 0; --flips) {
        bytes[rng() % bytes.size()] = static_cast<std::byte>(rng());
      }
      try {
        AnyObject object = deserialize<AnyObject>(bytes);
        Bytes again = serialize(object);
        EXPECT_EQ(deserialize<AnyObject>(again), object);
      } catch (const DecodeError&) {
      }
    }
  }
}

TEST(Hostile, RandomBytesDecodeOrFailCleanly) {
  std::mt19937 rng(777);
  std::vector<std::uint32_t> ids = {0x1cb5c415, 0xda9b0d0d, 0x313bc7f8, 0x74ae4240, 0x62d6b459, 0x05162463};
  for (int round = 0; round < 20000; ++round) {
    Bytes bytes(rng() % 128);
    for (auto& b : bytes) b = static_cast<std::byte>(rng());
    if (bytes.size() >= 4 && rng() % 2) {
      std::uint32_t id = ids[rng() % ids.size()];
      std::memcpy(bytes.data(), &id, 4);
    }
    try {
      deserialize<AnyObject>(bytes);
    } catch (const DecodeError&) {
    }
  }
}

Bytes le32(std::initializer_list<std::uint32_t> words) {
  Bytes out;
  for (std::uint32_t w : words) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>(w >> (8 * i)));
  }
  return out;
}

TEST(Hostile, LengthsAtTheirLimitsAreRejectedBeforeAllocating) {
  // upload.saveFilePart file_id:long file_part:int bytes:bytes, claiming 16 MiB - 1 of data.
  Bytes huge_bytes = le32({0xb304a621, 1, 0, 0, 0xfffffffe});
  EXPECT_EQ(decode_error(huge_bytes), DecodeErrc::length_too_large);
  Bytes marker_ff = le32({0xb304a621, 1, 0, 0, 0x000001ff});
  EXPECT_EQ(decode_error(marker_ff), DecodeErrc::length_too_large);
  // msgs_ack with 2^32 - 1 ids and no data.
  EXPECT_EQ(decode_error(le32({0x62d6b459, vector_id, 0xffffffff})), DecodeErrc::length_too_large);
  // ... and with one id fewer than claimed.
  EXPECT_EQ(decode_error(le32({0x62d6b459, vector_id, 2, 1, 0})), DecodeErrc::length_too_large);
  EXPECT_EQ(decode_error(le32({0x62d6b459, 0x12345678, 0})), DecodeErrc::bad_vector_id);
  EXPECT_EQ(decode_error(le32({0x62d6b459, vector_id, 0, 7})), DecodeErrc::trailing_bytes);
  EXPECT_EQ(decode_error(le32({0xdeadbeef})), DecodeErrc::unknown_constructor);
  EXPECT_EQ(decode_error({}), DecodeErrc::truncated);
}

TEST(Hostile, ErrorsNameWhatFailedAndWhere) {
  // messages.getHistory whose peer is a constructor of another type (boolTrue).
  try {
    deserialize<AnyObject>(le32({0x4423e6c5, bool_true_id}));
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_EQ(e.code(), DecodeErrc::unknown_constructor);
    EXPECT_EQ(e.offset(), 8u);
    EXPECT_NE(std::string(e.what()).find("0x997275b5 is not a constructor of InputPeer"), std::string::npos)
        << e.what();
  }
  // boolTrue expected (chatBannedRights is fine, but a Bool field gets 0x12345678).
  try {
    Bytes bytes = le32({0x12345678});
    Reader r(bytes);
    r.read_bool();
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_EQ(e.code(), DecodeErrc::bad_bool);
    EXPECT_NE(std::string(e.what()).find("0x12345678"), std::string::npos) << e.what();
  }
}

// textBold text:RichText = RichText, nested `depth` times around textEmpty.
Bytes nested_rich_text(int depth) {
  std::vector<std::uint32_t> words(static_cast<std::size_t>(depth), types::TextBold::ID);
  words.push_back(types::TextEmpty::ID);
  Bytes out;
  for (std::uint32_t w : words) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>(w >> (8 * i)));
  }
  return out;
}

TEST(Hostile, NestingIsBounded) {
  EXPECT_NO_THROW(deserialize<enums::RichText>(nested_rich_text(Reader::default_max_depth - 1)));
  try {
    deserialize<enums::RichText>(nested_rich_text(100000));
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_EQ(e.code(), DecodeErrc::nesting_too_deep);
  }
}

}  // namespace
}  // namespace layer::tl
