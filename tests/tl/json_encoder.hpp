#pragma once

#include <nlohmann/json.hpp>

#include "layer/tl/bytes.hpp"
#include "schema_index.hpp"

namespace layer::test {

// Serializes an object written as JSON in the shared vectors' `spec` form
// ({"_": "messages.GetHistory", "peer": {...}, "hash": {"$long": "0"}}) by
// walking the parsed schema: the reference the generated code is checked against.
tl::Bytes encode_json(const SchemaIndex& index, const nlohmann::json& spec);

tl::Bytes from_hex(const std::string& hex);
std::string to_hex(const tl::Bytes& bytes);

}  // namespace layer::test
