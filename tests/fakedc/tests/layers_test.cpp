// Serving older layers: the overlays are the definitions their layers
// publish (each id is the CRC of its line), and what the translator writes is
// byte for byte what Telethon (layer 144) and GramJS (layer 198) write for the
// same objects, and what it reads from them comes out as our own objects.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cluster_fixture.hpp"
#include "first_call.hpp"
#include "layer/tl.hpp"
#include "layer/tl_parser/canonical.hpp"
#include "layer/tl_parser/parser.hpp"
#include "layers/translator.hpp"
#include "test_client.hpp"

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
  static const auto built_in = make_translator({});
  return *built_in;
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
  const auto get_users = invoke_with_layer(144, fn::users::GetUsers{{types::InputUserSelf{}}});
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

namespace layer::fakedc::test {
namespace {

using mtproto::transport::Kind;

// A layer whose nearestDc, setTyping and updateShortMessage need what ours
// cannot give, to reach each way a translation fails.
const std::map<int, std::string> kImpossibleLayer{
    {100,
     "nearestDc#01020304 country:string this_dc:int nearest_dc:int extra:User = NearestDc;\n"
     "updateShortMessage#01020305 id:int extra:User = Updates;\n"
     "---functions---\n"
     "messages.setTyping#01020306 peer:InputPeer = Bool;\n"
     "// LAYER 100\n"}};

class OlderLayers : public ClusterTest {
 protected:
  OlderLayers() : ClusterTest(ClusterOptions{.layer_overlays = kImpossibleLayer}) {}

  void configure() override {
    auto& world = cluster_.world();
    bob_ = world.add_user("+999660000011", "Bob", "", "bob").id;
    ann_ = world.add_user("+999660000012", "Ann", "", "ann").id;
  }

  // A client that speaks `layer`, signed in as the account with this phone.
  std::unique_ptr<TestClient> client(std::int32_t layer, const std::string& phone) {
    auto c = std::make_unique<TestClient>(cluster_.endpoint(2), Kind::intermediate);
    c->handshake(cluster_.public_key());
    const auto sent = c->call_as<tl::enums::auth::SentCode>(invoke_with_layer(
        layer, fn::auth::SendCode{
                   .phone_number = phone, .api_id = 1, .api_hash = "x", .settings = types::CodeSettings{}}));
    // The authorization comes in the client's layer, which our types may not read.
    const auto signed_in = c->call(
        tl::serialize(fn::auth::SignIn{.phone_number = phone,
                                       .phone_code_hash = sent.as<types::auth::SentCode>()->phone_code_hash,
                                       .phone_code = "22222"}));
    EXPECT_TRUE(std::holds_alternative<mtproto::RpcResultEvent>(signed_in));
    return c;
  }

  static std::string error_of(const mtproto::Outcome& event) {
    const auto* error = std::get_if<mtproto::RpcErrorEvent>(&event);
    return error == nullptr ? std::string() : error->error.message;
  }

  static bool holds_id(std::span<const std::byte> bytes, std::uint32_t id) {
    for (std::size_t i = 0; i + 4 <= bytes.size(); ++i) {
      std::uint32_t v;
      std::memcpy(&v, bytes.data() + i, 4);
      if (v == id) return true;
    }
    return false;
  }

  std::int64_t bob_ = 0;
  std::int64_t ann_ = 0;
};

TEST_F(OlderLayers, AClientOfLayer144GetsItsOwnConfig) {
  TestClient c(cluster_.endpoint(2), Kind::abridged);
  c.handshake(cluster_.public_key());
  const auto event = c.call(invoke_with_layer(144, fn::help::GetConfig{}));
  const auto& body = std::get<mtproto::RpcResultEvent>(event).body;
  ASSERT_GE(body.size(), 4u);
  std::uint32_t id;
  std::memcpy(&id, body.data(), 4);
  EXPECT_EQ(id, 0x330b4067u);
  EXPECT_TRUE(logged("layer 144 (translated)"));
}

TEST_F(OlderLayers, PushesReachAnOlderSessionInItsLayer) {
  auto bob = client(144, "+999660000011");
  auto ann = client(tl::layer, "+999660000012");
  // Markup makes the push an `updates` carrying the message itself.
  ann->call(tl::serialize(fn::messages::SendMessage{
      .peer = types::InputPeerUser{bob_, cluster_.world().account(bob_)->access_hash},
      .message = "hi",
      .random_id = 1,
      .reply_markup = types::ReplyKeyboardHide{}}));
  const auto pushed = bob->next_update();
  EXPECT_TRUE(holds_id(pushed, 0x38116ee0u));  // layer 144's message
  EXPECT_FALSE(holds_id(pushed, tl::types::Message::ID));
}

TEST_F(OlderLayers, OurConstructorsThatALayerReplacedAreRefused) {
  auto bob = client(144, "+999660000011");
  // messages.sendMessage as layer 229 writes it is not layer 144's.
  const auto event = bob->call(tl::serialize(
      fn::messages::SendMessage{.peer = types::InputPeerSelf{}, .message = "x", .random_id = 2}));
  EXPECT_EQ(error_of(event), "INPUT_FETCH_ERROR");
  EXPECT_TRUE(logged("is not in layer 144"));
}

TEST_F(OlderLayers, WhatALayerCannotExpressIsRefusedOrWithheldByName) {
  auto bob = client(100, "+999660000011");
  EXPECT_EQ(error_of(bob->call(tl::serialize(fn::help::GetNearestDc{}))), "INPUT_LAYER_INVALID");
  EXPECT_TRUE(logged("layer 100: answer: nearestDc of layer 100 needs extra"));
  tl::Bytes typing;
  {
    tl::Writer w(typing);
    w.write_u32(0x01020306);
    tl::write(w, tl::enums::InputPeer(types::InputPeerSelf{}));
  }
  EXPECT_EQ(error_of(bob->call(typing)), "INPUT_LAYER_INVALID");
  EXPECT_TRUE(logged("messages.setTyping of layer"));
  auto ann = client(tl::layer, "+999660000012");
  ann->call(tl::serialize(fn::messages::SendMessage{
      .peer = types::InputPeerUser{bob_, cluster_.world().account(bob_)->access_hash},
      .message = "short",
      .random_id = 3}));
  bob->call(tl::serialize(fn::Ping{1}));  // the push, had it gone out, would have come first
  EXPECT_FALSE(bob->has_update());
  EXPECT_TRUE(logged("push not sent: layer 100"));
}

TEST(OlderLayerOptions, ABadOverlayIsRefusedWhereItIsWrong) {
  boost::asio::io_context io;
  try {
    Cluster cluster(io.get_executor(), ClusterOptions{.layer_overlays = {{5, "user#1 id: = User;"}}});
    FAIL() << "a malformed overlay was taken";
  } catch (const tl_parser::ParseError& e) {
    EXPECT_EQ(e.where().line, 1);
  }
}

}  // namespace
}  // namespace layer::fakedc::test
