// Every definition of the shipped schemas: the id computed from the canonical
// form equals the explicit `#id`, and the parser finds as many constructors and
// functions as a plain line count of the file does.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <sstream>

#include "layer/tl_parser/canonical.hpp"
#include "layer/tl_parser/parser.hpp"
#include "schema_index.hpp"

namespace layer::tl_parser {
namespace {

struct LineCount {
  std::size_t types = 0;
  std::size_t functions = 0;
};

// `name#hex ...;` or `name#hex = ...;`: read by hand, not with the parser.
bool is_definition_line(std::string_view line) {
  const auto last = line.find_last_not_of(" \t\r");
  if (last == std::string_view::npos || line[last] != ';') return false;
  const auto is_name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  };
  if (!std::isalpha(static_cast<unsigned char>(line[0])) && line[0] != '_') return false;
  std::size_t i = 0;
  while (i < line.size() && is_name_char(line[i])) ++i;
  if (i == line.size() || line[i] != '#') return false;
  const std::size_t hex_start = ++i;
  while (i < line.size() &&
         (std::isdigit(static_cast<unsigned char>(line[i])) || (line[i] >= 'a' && line[i] <= 'f')))
    ++i;
  if (i == hex_start || i - hex_start > 8 || i == line.size()) return false;
  return std::isspace(static_cast<unsigned char>(line[i])) || line[i] == '=';
}

// Counts definition lines per section.
LineCount count_definition_lines(const std::string& text) {
  LineCount count;
  bool functions = false;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("---functions---", 0) == 0) functions = true;
    if (line.rfind("---types---", 0) == 0) functions = false;
    if (is_definition_line(line)) ++(functions ? count.functions : count.types);
  }
  return count;
}

void check_ids(const std::string& path, const std::set<std::string>& not_crc_derived) {
  Schema schema = parse(layer::test::read_file(path));
  std::size_t checked = 0;
  for (const Definition& def : schema.definitions) {
    if (!def.explicit_id) continue;
    ++checked;
    if (not_crc_derived.count(def.full_name())) {
      EXPECT_NE(computed_id(def), def.id) << def.full_name() << " is listed as an exception but matches";
      continue;
    }
    EXPECT_EQ(computed_id(def), def.id)
        << def.full_name() << ": canonical form \"" << canonical_form(def) << "\"";
  }
  EXPECT_GT(checked, 0u);
}

TEST(SchemaIds, ApiIdsEqualTheCrcOfTheCanonicalForm) {
  check_ids(LAYER_API_SCHEMA, {});
}

TEST(SchemaIds, MtprotoIdsEqualTheCrcOfTheCanonicalForm) {
  // The DC-list-over-DNS types below the commented-out older help.configSimple
  // in mtproto.tl: ipPortSecret's id is the CRC of its text with `bytes` kept
  // (not spelled `string`), and accessPointRule and help.configSimple carry ids
  // that no canonical spelling of their current text reproduces.
  check_ids(LAYER_MTPROTO_SCHEMA, {"ipPortSecret", "accessPointRule", "help.configSimple"});
}

void check_counts(const std::string& path) {
  std::string text = layer::test::read_file(path);
  Schema schema = parse(text);
  LineCount expected = count_definition_lines(text);
  LineCount parsed;
  for (const Definition& def : schema.definitions) {
    if (def.explicit_id) ++(def.category == Category::function ? parsed.functions : parsed.types);
  }
  // api.tl spells out `vector#1cb5c415 {t:Type} # [ t ] = Vector t;` among its types.
  for (const Builtin& builtin : schema.builtins) {
    if (builtin.id) ++parsed.types;
  }
  EXPECT_EQ(parsed.types, expected.types) << path;
  EXPECT_EQ(parsed.functions, expected.functions) << path;
}

TEST(SchemaIds, CountsMatchAnIndependentLineCount) {
  check_counts(LAYER_API_SCHEMA);
  check_counts(LAYER_MTPROTO_SCHEMA);
}

TEST(SchemaIds, ShippedApiSchemaDeclaresItsLayer) {
  Schema schema = parse(layer::test::read_file(LAYER_API_SCHEMA));
  ASSERT_TRUE(schema.layer.has_value());
  EXPECT_GE(*schema.layer, 200);
}

}  // namespace
}  // namespace layer::tl_parser
