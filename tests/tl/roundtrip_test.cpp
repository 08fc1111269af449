// Round trip of every constructor and function of both schemas. Instances come
// from schema-driven random bytes (all optional fields present, all absent, and
// a random mix), are decoded by the generated code, and must re-serialize to
// the same bytes, compare equal after a second decode, and survive copies.
#include <gtest/gtest.h>

#include "layer/tl.hpp"
#include "random_encoder.hpp"

namespace layer::tl {
namespace {

using test::mapped_to_builtin;
using test::RandomEncoder;

const test::SchemaIndex& schema() {
  static const test::SchemaIndex index(LAYER_API_SCHEMA, LAYER_MTPROTO_SCHEMA);
  return index;
}

void round_trip(const tl_parser::Definition& def, RandomEncoder::Optional mode, std::uint64_t seed) {
  RandomEncoder encoder(schema(), seed, mode);
  Bytes bytes = encoder.encode(def);
  SCOPED_TRACE(def.full_name() + " seed " + std::to_string(seed));
  AnyObject decoded = deserialize<AnyObject>(bytes);
  ASSERT_EQ(decoded.id(), def.id);
  EXPECT_EQ(decoded.name(), def.full_name());
  Bytes again = serialize(decoded);
  ASSERT_EQ(again, bytes);
  AnyObject second = deserialize<AnyObject>(again);
  EXPECT_EQ(second, decoded);
  AnyObject copy = second;
  EXPECT_EQ(copy, decoded);
  AnyObject moved = std::move(copy);
  EXPECT_EQ(moved, decoded);
  EXPECT_TRUE(copy.empty());
  EXPECT_FALSE(to_string(moved).empty());
}

TEST(RoundTrip, EveryDefinitionWithAllOptionalFieldsPresent) {
  std::size_t count = 0;
  for (const auto* def : schema().all()) {
    if (mapped_to_builtin(*def)) continue;
    round_trip(*def, RandomEncoder::Optional::all_present, def->id);
    ++count;
  }
  EXPECT_GT(count, 2000u);
}

TEST(RoundTrip, EveryDefinitionWithAllOptionalFieldsAbsent) {
  for (const auto* def : schema().all()) {
    if (!mapped_to_builtin(*def)) round_trip(*def, RandomEncoder::Optional::all_absent, def->id + 1);
  }
}

TEST(RoundTrip, EveryDefinitionWithRandomFieldsSeveralSeeds) {
  for (std::uint64_t seed = 0; seed < 3; ++seed) {
    for (const auto* def : schema().all()) {
      if (!mapped_to_builtin(*def)) round_trip(*def, RandomEncoder::Optional::random, seed * 7919 + def->id);
    }
  }
}

TEST(RoundTrip, DifferentValuesCompareUnequal) {
  const auto* def = schema().by_name("updateShortMessage");
  ASSERT_NE(def, nullptr);
  AnyObject a =
      deserialize<AnyObject>(RandomEncoder(schema(), 1, RandomEncoder::Optional::random).encode(*def));
  AnyObject b =
      deserialize<AnyObject>(RandomEncoder(schema(), 2, RandomEncoder::Optional::random).encode(*def));
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace layer::tl
