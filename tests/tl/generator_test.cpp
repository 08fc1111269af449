// tl-gen's model of a schema: what it makes of names and types, and the clear
// errors it gives for schemas that parse but cannot be generated.
#include <gtest/gtest.h>

#include "layer/tl_parser/parser.hpp"
#include "model.hpp"
#include "naming.hpp"

namespace layer::tl_gen {
namespace {

Model model_of(const std::string& api) {
  return build_model(tl_parser::parse(api + "\n// LAYER 7\n"), tl_parser::Schema{});
}

std::string error_of(const std::string& api) {
  try {
    model_of(api);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

std::string error_of_layer(const std::string& api, int layer) {
  try {
    build_model(tl_parser::parse(api), tl_parser::Schema{}, layer);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Generator, NamesFollowTheSchema) {
  EXPECT_EQ(camel_case("updateShortMessage"), "UpdateShortMessage");
  EXPECT_EQ(camel_case("p_q_inner_data_dc"), "PQInnerDataDc");
  EXPECT_EQ(member_name("static"), "static_");
  EXPECT_EQ(member_name("print"), "print_");
  EXPECT_EQ(member_name("user_id"), "user_id");
}

TEST(Generator, MapsTypesAndFlags) {
  Model m = model_of(
      "inputPeerEmpty#7f3b18ea = InputPeer;\n"
      "a#1 flags:# silent:flags.0?true peer:InputPeer ids:Vector<long> note:flags.1?string = A;\n"
      "---functions---\nf#2 x:int = Vector<A>;");
  EXPECT_EQ(m.layer, 7);
  const Struct& a = m.structs[1];
  EXPECT_EQ(a.cpp_name, "A");
  ASSERT_EQ(a.fields.size(), 5u);
  EXPECT_EQ(a.fields[0].kind, FieldKind::flags);
  EXPECT_EQ(a.fields[1].kind, FieldKind::true_flag);
  EXPECT_EQ(a.fields[2].cpp_type, "::layer::tl::enums::InputPeer");
  EXPECT_EQ(a.fields[3].cpp_type, "std::vector<std::int64_t>");
  EXPECT_TRUE(a.fields[4].flag.has_value());
  EXPECT_EQ(a.min_wire_size, 4u + 4u + 8u);
  EXPECT_EQ(m.structs[2].return_type, "std::vector<::layer::tl::enums::A>");
}

TEST(Generator, ConstructorsOfBuiltinsGetNoStruct) {
  Model m = model_of("bytes#e937bb82 = Bytes;\nboolTrue#997275b5 = Bool;\na#1 x:bytes = A;");
  ASSERT_EQ(m.structs.size(), 1u);
  EXPECT_EQ(m.structs[0].tl_name, "a");
  EXPECT_EQ(m.names.size(), 3u);
  EXPECT_TRUE(is_builtin_boxed("Bytes"));
  EXPECT_FALSE(is_builtin_boxed("A"));
}

TEST(Generator, RejectsWhatItCannotGenerateWithAPosition) {
  EXPECT_NE(error_of("a#1 x:Nope = A;").find("1:1 (a): unknown type Nope"), std::string::npos);
  EXPECT_NE(error_of("a#1 x:nope = A;").find("unknown constructor nope"), std::string::npos);
  EXPECT_NE(error_of("a#1 x:a = A;").find("holds itself by value"), std::string::npos);
  EXPECT_NE(error_of("a#1 = A;\nb#1 = B;").find("0x00000001 is used by both a and b"), std::string::npos);
  EXPECT_NE(error_of("a#1 = A;\n---functions---\nf#1 = A;").find("is used by both a and f"),
            std::string::npos);
  EXPECT_NE(error_of("a#1 = A;\na#2 = A;").find("2:1 (a): redefined with another id"), std::string::npos);
  EXPECT_NE(error_of("a#1 x:int x:int = A;").find("two fields named x"), std::string::npos);
  EXPECT_NE(error_of("a#1 x:Vector<int,int> = A;").find("Vector takes one type argument"), std::string::npos);
  EXPECT_NE(error_of("a_b#1 = A;\naB#2 = A;").find("taken by another definition"), std::string::npos);
  try {
    build_model(tl_parser::parse("a#1 = A;"), tl_parser::Schema{});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("LAYER_NUMBER"), std::string::npos);
  }
  EXPECT_EQ(build_model(tl_parser::parse("a#1 = A;"), tl_parser::Schema{}, 228).layer, 228);
  EXPECT_EQ(model_of("a#1 = A;").layer, 7);
  EXPECT_NE(error_of_layer("a#1 = A;\n// LAYER 7\n", 8).find("says LAYER 7 but the layer given is 8"),
            std::string::npos);
}

}  // namespace
}  // namespace layer::tl_gen
