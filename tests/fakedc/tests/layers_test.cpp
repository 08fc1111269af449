// Serving older layers: the overlays are the definitions their layers
// publish (each id is the CRC of its line), and what the translator writes is
// byte for byte what Telethon (layer 144) and GramJS (layer 198) write for the
// same objects, and what it reads from them comes out as our own objects.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "layer/tl.hpp"
#include "layer/tl_parser/canonical.hpp"
#include "layer/tl_parser/parser.hpp"
#include "layers/translator.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

tl::Bytes vector_file(const std::string& name) {
  const auto text = read_text(std::filesystem::path(LAYER_TEST_DATA_DIR) / "layers" / "vectors" / name);
  EXPECT_FALSE(text.empty()) << name;
  const auto* p = reinterpret_cast<const std::byte*>(text.data());
  return tl::Bytes(p, p + text.size());
}

// The bot of the vectors as our user_view writes it.
types::User echo_bot() {
  types::User u;
  u.id = 1000001;
  u.bot = true;
  u.access_hash = -42;
  u.first_name = "Echo";
  u.username = "echo_bot";
  u.status = types::UserStatusEmpty{};
  u.bot_info_version = 1;
  return u;
}

const Translator& translator() {
  return built_in_translator();
}

TEST(LayerOverlays, EveryLineIsItsLayersDefinition) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(LAYER_TEST_DATA_DIR) / "layers")) {
    if (entry.path().extension() != ".tl") continue;
    ++files;
    const auto schema = tl_parser::parse(read_text(entry.path()));
    EXPECT_EQ(schema.layer, std::stoi(entry.path().stem().string())) << entry.path();
    for (const auto& d : schema.definitions) {
      EXPECT_TRUE(d.explicit_id) << d.full_name();
      EXPECT_EQ(d.id, tl_parser::computed_id(d)) << entry.path() << ": " << d.full_name();
    }
    EXPECT_TRUE(translator().translates(*schema.layer));
  }
  EXPECT_EQ(files, 2);
  EXPECT_FALSE(translator().translates(tl::layer));
  EXPECT_FALSE(translator().translates(170));
}

TEST(LayerTranslation, OurUserIsWrittenAsEachOlderClientWritesIt) {
  const auto ours = tl::serialize(tl::enums::User(echo_bot()));
  EXPECT_EQ(translator().to_layer(144, ours), vector_file("144_user.bin"));
  EXPECT_EQ(translator().to_layer(198, ours), vector_file("198_user.bin"));
}

TEST(LayerTranslation, AnswersFollowTheTypeTheRequestReturns) {
  const auto login = tl::serialize(fn::auth::ImportBotAuthorization{
      .flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = "1000001:secret"});
  const auto authorization =
      tl::serialize(tl::enums::auth::Authorization(types::auth::Authorization{.user = echo_bot()}));
  EXPECT_EQ(translator().result_to_layer(144, login, authorization), vector_file("144_authorization.bin"));
  // Layer 198's auth.authorization is ours; the user inside it is not.
  auto expected = authorization;
  expected.resize(expected.size() - tl::serialize(tl::enums::User(echo_bot())).size());  // the user is last
  const auto user = vector_file("198_user.bin");
  expected.insert(expected.end(), user.begin(), user.end());
  EXPECT_EQ(translator().result_to_layer(198, login, authorization), expected);

  // A vector of users, inside invokeWithLayer(initConnection(...)).
  const auto get_users = tl::serialize(fn::InvokeWithLayer{
      .layer = 144,
      .query = fn::InitConnection{.api_id = 1,
                                  .device_model = "d",
                                  .system_version = "s",
                                  .app_version = "a",
                                  .system_lang_code = "en",
                                  .lang_code = "en",
                                  .query = fn::users::GetUsers{{types::InputUserSelf{}}}}});
  const auto users = tl::serialize(std::vector<tl::enums::User>{echo_bot(), echo_bot()});
  const auto translated = translator().result_to_layer(144, get_users, users);
  tl::Bytes two;
  {
    tl::Writer w(two);
    w.write_u32(0x1cb5c415);
    w.write_u32(2);
    w.write_raw(vector_file("144_user.bin"));
    w.write_raw(vector_file("144_user.bin"));
  }
  EXPECT_EQ(translated, two);
}

TEST(LayerTranslation, OlderRequestsBecomeOurs) {
  const auto ours = tl::serialize(fn::messages::SendMessage{
      .silent = true, .peer = types::InputPeerUser{1000000, 77}, .message = "hi", .random_id = 5});
  EXPECT_EQ(translator().request_to_current(144, vector_file("144_send_message.bin")), ours);
  EXPECT_EQ(translator().request_to_current(198, vector_file("198_send_message.bin")), ours);
  // Constructors that did not change pass as they are.
  const auto ping = tl::serialize(fn::help::GetNearestDc{});
  EXPECT_EQ(translator().request_to_current(144, ping), ping);
}

TEST(LayerTranslation, ConfigOfLayer144HasItsFieldsAndZeroForOursMissing) {
  types::Config c;
  c.date = 7;
  c.expires = 8;
  c.test_mode = false;
  c.this_dc = 2;
  c.dc_options = {types::DcOption{.id = 2, .ip_address = "127.0.0.1", .port = 443}};
  c.chat_size_max = 200;
  const auto request = tl::serialize(fn::help::GetConfig{});
  const auto old = translator().result_to_layer(144, request, tl::serialize(tl::enums::Config(c)));
  tl::Reader r(old);
  EXPECT_EQ(r.read_u32(), 0x330b4067u);
  r.read_u32();  // flags
  EXPECT_EQ(r.read_i32(), 7);
  EXPECT_EQ(r.read_i32(), 8);
  EXPECT_FALSE(r.read_bool());
  EXPECT_EQ(r.read_i32(), 2);
}

TEST(LayerTranslation, BadInputIsRefusedByName) {
  const auto unknown = tl::serialize(fn::help::GetNearestDc{});
  tl::Bytes bogus = unknown;
  bogus[0] = std::byte{0x01};
  try {
    (void)translator().request_to_current(144, bogus);
    FAIL() << "an unknown constructor passed";
  } catch (const tl::DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("layer 144"), std::string::npos) << e.what();
  }
  auto truncated = vector_file("144_send_message.bin");
  truncated.resize(truncated.size() - 3);
  EXPECT_THROW((void)translator().request_to_current(144, truncated), tl::DecodeError);
  auto longer = vector_file("144_send_message.bin");
  longer.push_back(std::byte{0});
  EXPECT_THROW((void)translator().request_to_current(144, longer), tl::DecodeError);

  // An older definition that needs what ours cannot give.
  const Translator needs_more(read_text(LAYER_API_SCHEMA),
                              {{100,
                                "nearestDc#01020304 country:string this_dc:int nearest_dc:int extra:User = "
                                "NearestDc;\n// LAYER 100\n"}});
  try {
    (void)needs_more.to_layer(100, tl::serialize(tl::enums::NearestDc(types::NearestDc{"NL", 2, 2})));
    FAIL() << "a required object was invented";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("extra"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace layer::fakedc::test
