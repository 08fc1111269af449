#include <gtest/gtest.h>

#include "layer/tl_parser/canonical.hpp"
#include "layer/tl_parser/parser.hpp"

namespace layer::tl_parser {
namespace {

TEST(TlParser, ParsesConstructorWithFlagsAndVectors) {
  Schema s = parse(
      "updateShortMessage#313bc7f8 flags:# out:flags.1?true id:int user_id:long message:string "
      "entities:flags.7?Vector<MessageEntity> = Updates;");
  ASSERT_EQ(s.definitions.size(), 1u);
  const Definition& d = s.definitions[0];
  EXPECT_EQ(d.name, "updateShortMessage");
  EXPECT_EQ(d.id, 0x313bc7f8u);
  EXPECT_TRUE(d.explicit_id);
  EXPECT_EQ(d.category, Category::type);
  ASSERT_EQ(d.params.size(), 6u);
  EXPECT_TRUE(d.params[0].is_flags_field);
  ASSERT_TRUE(d.params[1].flag);
  EXPECT_EQ(d.params[1].flag->field, "flags");
  EXPECT_EQ(d.params[1].flag->bit, 1);
  EXPECT_EQ(d.params[1].type.name, "true");
  EXPECT_EQ(d.params[5].type.name, "Vector");
  ASSERT_EQ(d.params[5].type.args.size(), 1u);
  EXPECT_EQ(d.params[5].type.args[0].name, "MessageEntity");
  EXPECT_FALSE(d.params[5].type.args[0].bare);
  EXPECT_EQ(d.result.name, "Updates");
}

TEST(TlParser, SectionsNamespacesGenericsAndLayer) {
  Schema s = parse(
      "// comment\n/* block\n comment */\nboolTrue#997275b5 = Bool;\n---functions---\n"
      "invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;\n"
      "messages.getHistory#4423e6c5 peer:InputPeer limit:int = messages.Messages;\n"
      "---types---\nfuture_salts#ae500895 salts:vector<future_salt> x:%Message = FutureSalts;\n// LAYER "
      "229\n");
  EXPECT_EQ(s.layer, 229);
  ASSERT_EQ(s.definitions.size(), 4u);
  EXPECT_EQ(s.definitions[1].category, Category::function);
  ASSERT_EQ(s.definitions[1].generics.size(), 1u);
  EXPECT_EQ(s.definitions[1].generics[0].name, "X");
  EXPECT_TRUE(s.definitions[1].params[1].type.bang);
  EXPECT_TRUE(s.definitions[1].params[1].type.generic_param);
  EXPECT_TRUE(s.definitions[1].result.generic_param);
  EXPECT_EQ(s.definitions[2].ns, "messages");
  EXPECT_EQ(s.definitions[2].name, "getHistory");
  EXPECT_EQ(s.definitions[2].result.full_name(), "messages.Messages");
  EXPECT_EQ(s.definitions[3].category, Category::type);
  EXPECT_TRUE(s.definitions[3].params[0].type.bare);
  EXPECT_TRUE(s.definitions[3].params[0].type.args[0].bare);
  EXPECT_TRUE(s.definitions[3].params[1].type.bare);
}

TEST(TlParser, BuiltinDeclarationsAreNotConstructors) {
  Schema s = parse(
      "int ? = Int;\nvector {t:Type} # [ t ] = Vector t;\nint128 4*[ int ] = Int128;\n"
      "tlsBlockZero length:int = TlsBlock;");
  ASSERT_EQ(s.builtins.size(), 3u);
  EXPECT_EQ(s.builtins[0].name, "int");
  EXPECT_EQ(s.builtins[1].name, "vector");
  EXPECT_EQ(s.builtins[2].name, "int128");
  EXPECT_FALSE(s.builtins[1].id.has_value());
  EXPECT_EQ(parse("vector#1cb5c415 {t:Type} # [ t ] = Vector t;").builtins.at(0).id, 0x1cb5c415u);
  ASSERT_EQ(s.definitions.size(), 1u);
  EXPECT_FALSE(s.definitions[0].explicit_id);
  EXPECT_EQ(s.definitions[0].id, crc32("tlsBlockZero length:int = TlsBlock"));
}

TEST(TlParser, CanonicalFormDropsTrueFlagsAndSpellsBytesAsString) {
  Schema s = parse("a#1 flags:# b:flags.0?true c:bytes d:flags.1?Vector<int> = A;");
  EXPECT_EQ(canonical_form(s.definitions[0]), "a flags:# c:string d:flags.1?Vector int = A");
}

TEST(TlParser, Crc32MatchesKnownIds) {
  EXPECT_EQ(crc32("vector t:Type # [ t ] = Vector t"), 0x1cb5c415u);
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32("123456789"), 0xcbf43926u);
}

struct BadSchema {
  const char* text;
  int line;
  int column;
  const char* message;
};

class TlParserErrors : public ::testing::TestWithParam<BadSchema> {};

TEST_P(TlParserErrors, ReportLineColumnAndExpectation) {
  const BadSchema& bad = GetParam();
  try {
    parse(bad.text);
    FAIL() << "parsed: " << bad.text;
  } catch (const ParseError& e) {
    EXPECT_EQ(e.where().line, bad.line) << e.what();
    EXPECT_EQ(e.where().column, bad.column) << e.what();
    EXPECT_NE(std::string(e.what()).find(bad.message), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TlParserErrors,
    ::testing::Values(BadSchema{"a#1 b:int = A", 1, 14, "expected ';'"},
                      BadSchema{"a#1 b int = A;", 1, 7, "expected ':'"},
                      BadSchema{"\n  a#1 b:flags.0?int = A;", 2, 9, "'flags' is not a '#' field"},
                      BadSchema{"a#1 flags:# b:flags.40?int = A;", 1, 21, "not in 0..31"},
                      BadSchema{"a#1 b:Vector<int = A;", 1, 18, "expected '>'"},
                      BadSchema{"a#123456789 = A;", 1, 2, "more than 8 hex digits"},
                      BadSchema{"a#1 = A;\n/* open", 2, 1, "unterminated"},
                      BadSchema{"a#1 b:int = A;\n@", 2, 1, "unexpected character"},
                      BadSchema{"a#1 {X:Type = A;", 1, 13, "expected '}'"},
                      BadSchema{"= A;", 1, 1, "expected a constructor or function name"},
                      BadSchema{"a#1 b:int", 1, 10, "expected a parameter name or '='"},
                      BadSchema{"---typos---", 1, 1, "expected ---types---"}));

TEST(TlParser, NeverCrashesOnMangledSchemaText) {
  std::string text =
      "messages.sendMessage#983f9745 flags:# no_webpage:flags.1?true peer:InputPeer "
      "entities:flags.3?Vector<MessageEntity> = Updates;\ninvokeWithLayer#da9b0d0d {X:Type} layer:int "
      "query:!X = X;";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    for (std::string candidate : {text.substr(0, cut), text.substr(0, cut) + "?" + text.substr(cut)}) {
      try {
        parse(candidate);
      } catch (const ParseError&) {
      }
    }
  }
}

}  // namespace
}  // namespace layer::tl_parser
