// The world across restarts: the state file round-trips, is private to its
// owner, refuses damage with a clear error, and a restarted cluster serves
// the same keys and messages.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "cluster_fixture.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("layer-fakedc-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

// A saved world file's bytes, for tests that damage or rewrite it.
std::string saved_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Writes data as the state file and loads it; what load() said against it ("" when it loaded).
std::string load_error(World& world, const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
  try {
    world.load(path);
    return {};
  } catch (const std::runtime_error& e) {
    return e.what();
  }
}

// Version 3 is version 4 without the (empty) answers of sends by random_id:
// a count of zero that ends the file.
std::string as_version_3(std::string data) {
  EXPECT_EQ(data.compare(data.size() - 4, 4, std::string(4, '\0')), 0);
  data.resize(data.size() - 4);
  data[4] = 3;
  return data;
}

mtproto::Time fixed_clock() {
  return mtproto::Time(std::chrono::seconds(1'800'000'000));
}

TEST(WorldFile, RoundTripsAccountsKeysAndMessages) {
  crypto::DeterministicRng rng(1);
  World world(fixed_clock, rng);
  auto& alice = world.add_user("+999660000003", "Alice", "A.", "alice");
  world.set_password(alice, "pw", "hint");
  const auto& bot = world.add_bot("Bot", "some_bot");
  std::array<std::byte, crypto::kAuthKeySize> key_bytes{};
  key_bytes.fill(std::byte{7});
  world.add_key(2,
                {crypto::AuthKey(key_bytes), 42, std::nullopt, std::nullopt, alice.id, std::nullopt, 1234});
  types::Message m;
  m.id = 1;
  m.peer_id = types::PeerUser{bot.id};
  m.message = "kept";
  world.mailbox(alice.id).messages[1] = m;
  types::Message later = m;
  later.id = 4;
  later.date = 1'900'000'000;
  world.mailbox(alice.id).scheduled[4] = later;
  world.mailbox(alice.id).next_scheduled_id = 5;
  const auto group_id = world.add_group("Team", alice.id).id;
  world.group(group_id)->copies.push_back({{alice.id, 2}, {bot.id, 3}});
  const auto channel_id = world.add_channel("News", alice.id, false, "news").id;
  world.log_update(alice.id, types::UpdateNewMessage{m, 1, 1}, 1);
  world.account(alice.id)->blocked.push_back(bot.id);
  world.log_qts_update(bot.id, [&](std::int32_t qts) {
    return types::UpdateBotStopped{.user_id = alice.id, .date = 5, .stopped = true, .qts = qts};
  });
  world.log_seq_updates(alice.id, {types::UpdateChat{group_id}, types::UpdateChat{group_id}});
  Upload& upload = world.files().uploads[{alice.id, 5}];
  upload.total_parts = -1;
  upload.part_size = 512;
  upload.parts[0] = tl::Bytes(512, std::byte{1});
  world.files().files[77] = StoredFile{.access_hash = 9,
                                       .file_reference = tl::Bytes{std::byte{2}},
                                       .dc_id = 4,
                                       .date = 1234,
                                       .photo = true,
                                       .thumb_size = "y",
                                       .bytes = tl::Bytes(10, std::byte{3})};
  const std::vector<std::int64_t> forwarded{7, 8};
  world.remember_sent(alice.id, bot.id, forwarded, tl::Bytes{std::byte{4}});

  const auto path = temp_path("roundtrip");
  world.save(path);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  crypto::DeterministicRng other_rng(2);
  World loaded(fixed_clock, other_rng);
  loaded.load(path);
  const Account* a = loaded.account(alice.id);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->username, "alice");
  EXPECT_EQ(a->password->verifier, alice.password->verifier);
  EXPECT_EQ(loaded.account_by_token(bot.bot_token)->id, bot.id);
  const KeyRecord* key = loaded.key(2, crypto::AuthKey(key_bytes).id());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->account, alice.id);
  EXPECT_EQ(key->salt, 42);
  EXPECT_EQ(key->salts_since, 1234);
  EXPECT_EQ(key->created, loaded.now());
  EXPECT_EQ(key->last_use, 1u);
  EXPECT_EQ(loaded.mailbox(alice.id).messages.at(1), m);
  EXPECT_EQ(loaded.mailbox(alice.id).pts, 1);
  EXPECT_EQ(loaded.mailbox(alice.id).scheduled.at(4), later);
  EXPECT_EQ(loaded.mailbox(alice.id).next_scheduled_id, 5);
  EXPECT_EQ(loaded.group(group_id)->title, "Team");
  const auto* copies = loaded.group(group_id)->copies_of(bot.id, 3);
  ASSERT_NE(copies, nullptr);
  EXPECT_EQ(copies->at(alice.id), 2);
  EXPECT_EQ(loaded.group(group_id)->copies_of(bot.id, 2), nullptr);
  EXPECT_EQ(loaded.channel_by_username("news")->id, channel_id);
  EXPECT_TRUE(a->has_blocked(bot.id));
  const auto& qts = loaded.mailbox(bot.id).qts;
  EXPECT_EQ(qts.last, 1);
  ASSERT_EQ(qts.log.size(), 1u);
  EXPECT_EQ(qts.log[0].update.as<types::UpdateBotStopped>()->user_id, alice.id);
  EXPECT_EQ(loaded.mailbox(alice.id).seq.last, 2);
  EXPECT_EQ(loaded.mailbox(alice.id).seq.log.at(1).number, 2);
  const Upload& kept = loaded.files().uploads.at({alice.id, 5});
  EXPECT_EQ(kept.total_parts, -1);
  EXPECT_EQ(kept.part_size, 512u);
  EXPECT_EQ(kept.parts.at(0), upload.parts.at(0));
  ASSERT_NE(loaded.sent_with(alice.id, bot.id, 8), nullptr);
  EXPECT_EQ(*loaded.sent_with(alice.id, bot.id, 8), tl::Bytes{std::byte{4}});
  EXPECT_EQ(loaded.sent_with(alice.id, alice.id, 8), nullptr);
  const StoredFile& file = loaded.files().files.at(77);
  EXPECT_EQ(file.access_hash, 9);
  EXPECT_EQ(file.file_reference, tl::Bytes{std::byte{2}});
  EXPECT_EQ(file.dc_id, 4);
  EXPECT_EQ(file.date, 1234);
  EXPECT_TRUE(file.photo);
  EXPECT_EQ(file.thumb_size, "y");
  EXPECT_EQ(file.bytes, tl::Bytes(10, std::byte{3}));
  // New accounts keep counting after the loaded ones.
  EXPECT_GT(loaded.add_user("+1", "New").id, bot.id);
  std::filesystem::remove(path);
}

TEST(WorldFile, FirstVersionStillLoads) {
  crypto::DeterministicRng rng(1);
  World world(fixed_clock, rng);
  const auto id = world.add_user("+999660000004", "Old").id;
  const auto path = temp_path("version1");
  world.save(path);
  std::string data = as_version_3(saved_bytes(path));
  // Version 1 is version 2 without the account's (empty) blocked list, which
  // ends the account and comes before four empty counts (keys, boxes,
  // channels, groups), and without the two counts of the (empty) file store.
  const std::string empty_vector("\x15\xc4\xb5\x1c\0\0\0\0", 8);
  ASSERT_EQ(data.compare(data.size() - 8, 8, std::string(8, '\0')), 0);
  data.resize(data.size() - 8);
  ASSERT_EQ(data.compare(data.size() - 24, 8, empty_vector), 0);
  data.erase(data.size() - 24, 8);
  data[4] = 1;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
  World loaded(fixed_clock, rng);
  loaded.load(path);
  EXPECT_EQ(loaded.account(id)->first_name, "Old");
  EXPECT_TRUE(loaded.files().files.empty());
  data[4] = 7;
  const auto refused = load_error(loaded, path, data);
  EXPECT_NE(refused.find("state file version 7"), std::string::npos) << refused;
  std::filesystem::remove(path);
}

TEST(WorldFile, SecondVersionKeysLoadDatedByTheirFirstSalt) {
  crypto::DeterministicRng rng(5);
  World world(fixed_clock, rng);
  std::array<std::byte, crypto::kAuthKeySize> key_bytes{};
  key_bytes.fill(std::byte{9});
  const crypto::AuthKey auth_key(key_bytes);
  world.add_key(2, {auth_key, 42, 600, std::nullopt, std::nullopt, std::nullopt, 1234});
  const auto path = temp_path("version2");
  world.save(path);
  std::string data = as_version_3(saved_bytes(path));
  // Version 2 is version 3 without each key's date and use count, which
  // follow its salts_since.
  const std::string salts_since("\xd2\x04\0\0", 4);
  const auto at = data.find(salts_since + std::string("\x00\xd2\x49\x6b", 4));
  ASSERT_NE(at, std::string::npos);
  data.erase(at + 4, 12);
  data[4] = 2;
  World loaded(fixed_clock, rng);
  ASSERT_EQ(load_error(loaded, path, data), "");
  const KeyRecord* key = loaded.key(2, auth_key.id());
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->created, 1234);
  // Long expired by the fixed clock: the first packet under it finds it gone.
  EXPECT_EQ(loaded.use_key(2, auth_key.id()), nullptr);
  EXPECT_EQ(loaded.key_count(2), 0u);
  std::filesystem::remove(path);
}

TEST(WorldFile, DamagedFilesAreRefusedByName) {
  crypto::DeterministicRng rng(3);
  World world(fixed_clock, rng);
  world.add_user("+999660000004", "Dana");
  const auto path = temp_path("damaged");
  world.save(path);
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size - 3);
  World other(fixed_clock, rng);
  try {
    other.load(path);
    FAIL() << "a truncated file loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  std::ofstream(path, std::ios::trunc) << "not a world";
  EXPECT_THROW(other.load(path), std::runtime_error);
  EXPECT_THROW(other.load(path + ".missing"), std::runtime_error);
  std::filesystem::remove(path);
}

TEST(WorldFile, NegativeUploadPartSizeIsRefusedByName) {
  crypto::DeterministicRng rng(4);
  World world(fixed_clock, rng);
  Upload& upload = world.files().uploads[{1, 2}];
  upload.total_parts = -7;
  upload.part_size = 512;
  const auto path = temp_path("part_size");
  world.save(path);
  std::string data = saved_bytes(path);
  // total_parts (-7) is followed by the part size (512), both little-endian.
  const std::string sizes("\xf9\xff\xff\xff\x00\x02\0\0\0\0\0\0", 12);
  const auto at = data.find(sizes);
  ASSERT_NE(at, std::string::npos);
  data.replace(at + 4, 8, std::string(8, '\xff'));
  World loaded(fixed_clock, rng);
  const auto refused = load_error(loaded, path, data);
  EXPECT_NE(refused.find("negative upload part size"), std::string::npos) << refused;
  std::filesystem::remove(path);
}

TEST(Restart, KeysMessagesAndRandomIdsSurviveSessionsDoNot) {
  const auto path = temp_path("restart");
  const ClusterOptions options{.log = [](std::string_view) {}, .state_file = path};
  std::optional<mtproto::handshake::Done> key;
  const auto note = tl::serialize(
      fn::messages::SendMessage{.peer = types::InputPeerSelf{}, .message = "note to self", .random_id = 1});
  std::optional<TestClient> kept;  // goes on with its session on the second cluster
  tl::Bytes first_answer;
  {
    Running first(options);
    TestClient client(first.cluster().endpoint(2), mtproto::transport::Kind::intermediate);
    key = client.handshake(first.cluster().public_key());
    const auto hash = client.call_as<tl::enums::auth::SentCode>(tl::serialize(fn::auth::SendCode{
        .phone_number = "+999660000005", .api_id = 1, .api_hash = "x", .settings = types::CodeSettings{}}));
    client.call_as<tl::enums::auth::Authorization>(
        tl::serialize(fn::auth::SignUp{.phone_number = "+999660000005",
                                       .phone_code_hash = hash.as<types::auth::SentCode>()->phone_code_hash,
                                       .first_name = "Eve",
                                       .last_name = ""}));
    first_answer = tl::serialize(client.call_as<tl::enums::Updates>(note));
    kept.emplace(first.cluster().endpoint(2), mtproto::transport::Kind::intermediate);
    kept->open_session(key->auth_key, key->first_salt);
    kept->call_as<tl::enums::Pong>(tl::serialize(fn::Ping{1}));
  }
  {
    Running second(options);
    TestClient client(second.cluster().endpoint(2), mtproto::transport::Kind::abridged);
    client.open_session(key->auth_key, key->first_salt);
    // The same send again is answered as the first time, and makes no second note.
    EXPECT_EQ(tl::serialize(client.call_as<tl::enums::Updates>(note)), first_answer);
    const auto history = client.call_as<tl::enums::messages::Messages>(
        tl::serialize(fn::messages::GetHistory{.peer = types::InputPeerSelf{}, .limit = 10}));
    const auto& page = *history.as<types::messages::Messages>();
    ASSERT_EQ(page.messages.size(), 1u);
    EXPECT_EQ(page.messages[0].as<types::Message>()->message, "note to self");
    // A restarted server lost the session: the client that resumes it hears so.
    kept->reconnect(second.cluster().endpoint(2));
    kept->call_as<tl::enums::Pong>(tl::serialize(fn::Ping{2}));
    EXPECT_EQ(kept->session_resets(), 2);
  }  // saved once more as it stops
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace layer::fakedc::test
