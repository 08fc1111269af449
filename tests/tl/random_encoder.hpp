#pragma once

#include <cstdint>
#include <random>

#include "layer/tl/bytes.hpp"
#include "layer/tl/writer.hpp"
#include "schema_index.hpp"

namespace layer::test {

// Writes schema-valid TL bytes for any definition with pseudo-random field
// values, walking the parsed schema rather than the generated code.
class RandomEncoder {
 public:
  enum class Optional { all_present, all_absent, random };

  RandomEncoder(const SchemaIndex& index, std::uint64_t seed, Optional mode, int max_depth = 4)
      : index_(index), rng_(seed), mode_(mode), max_depth_(max_depth) {}

  // The definition's id followed by its fields.
  tl::Bytes encode(const tl_parser::Definition& def);

 private:
  void body(tl::Writer& w, const tl_parser::Definition& def, int depth);
  void value(tl::Writer& w, const tl_parser::TypeRef& type, int depth);
  void boxed(tl::Writer& w, const std::vector<const tl_parser::Definition*>& candidates, int depth);
  void text(tl::Writer& w);
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(rng_() % n); }

  const SchemaIndex& index_;
  std::mt19937_64 rng_;
  Optional mode_;
  int max_depth_;
};

}  // namespace layer::test
