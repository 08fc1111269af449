#include <gtest/gtest.h>

#include "layer/tl.hpp"
#include "schema_index.hpp"

namespace layer::tl {
namespace {

TEST(NameForId, EveryIdOfBothSchemasHasItsSchemaName) {
  test::SchemaIndex index(LAYER_API_SCHEMA, LAYER_MTPROTO_SCHEMA);
  for (const auto* def : index.all()) {
    auto name = name_for_id(def->id);
    ASSERT_TRUE(name.has_value()) << def->full_name();
    EXPECT_EQ(*name, def->full_name());
  }
  EXPECT_EQ(name_for_id(vector_id), "vector");
  EXPECT_EQ(name_for_id(bool_true_id), "boolTrue");
  EXPECT_EQ(name_for_id(bool_false_id), "boolFalse");
  EXPECT_EQ(name_for_id(0x4423e6c5), "messages.getHistory");
  EXPECT_EQ(name_for_id(0x05162463), "resPQ");
}

TEST(NameForId, UnknownIdsHaveNoName) {
  EXPECT_FALSE(name_for_id(0).has_value());
  EXPECT_FALSE(name_for_id(0xffffffffu).has_value());
  EXPECT_FALSE(name_for_id(0xf35c6d01u).has_value());  // rpc_result is parsed by hand, not in the schema
}

TEST(Layer, MatchesTheSchemaTheTypesWereGeneratedFrom) {
  test::SchemaIndex index(LAYER_API_SCHEMA, LAYER_MTPROTO_SCHEMA);
  EXPECT_EQ(layer, index.api().layer.value());
}

}  // namespace
}  // namespace layer::tl
