// Files through the fake DC: parts saved with upload.save(Big)FilePart, messages.sendMedia turning them
// into a document or photo the other side is pushed, upload.getFile serving it back byte for byte, and
// every refusal of core.telegram.org/api/files's rules.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "cluster_fixture.hpp"
#include "layer/tl.hpp"
#include "test_client.hpp"

namespace layer::fakedc::test {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;
using mtproto::transport::Kind;

constexpr std::size_t kKiB = 1024;
constexpr std::int32_t kMiB = 1024 * 1024;

// Bytes that differ from one offset to the next, so a misplaced piece shows.
tl::Bytes pattern(std::size_t size, unsigned seed = 1) {
  tl::Bytes out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::byte>((i * 131 + i / 251 + seed) & 0xff);
  return out;
}

tl::Bytes slice(const tl::Bytes& bytes, std::size_t from, std::size_t size) {
  return {bytes.begin() + static_cast<std::ptrdiff_t>(from),
          bytes.begin() + static_cast<std::ptrdiff_t>(std::min(bytes.size(), from + size))};
}

std::string md5_hex(const tl::Bytes& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_md5(), nullptr);
  std::string out(2 * length, '0');
  for (unsigned int i = 0; i < length; ++i) std::snprintf(&out[2 * i], 3, "%02x", digest[i]);
  return out;
}

tl::Bytes bytes_of(std::initializer_list<int> values) {
  tl::Bytes out;
  for (const int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

// A PNG as far as its IHDR, which is all the fake DC reads of it, then filler.
tl::Bytes png(std::uint32_t w, std::uint32_t h) {
  auto out = bytes_of({0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
  for (const std::uint32_t v : {w, h}) {
    for (const int shift : {24, 16, 8, 0}) out.push_back(static_cast<std::byte>(v >> shift));
  }
  const auto rest = pattern(3000);
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

// The sender's copy of the message in what sendMedia returned.
const types::Message& sent_message(const types::Updates& sent) {
  return *sent.updates.at(1).as<types::UpdateNewMessage>()->message.as<types::Message>();
}

const types::Document& document_of(const types::Message& m) {
  return *m.media->as<types::MessageMediaDocument>()->document->as<types::Document>();
}

const types::Photo& photo_of(const types::Message& m) {
  return *m.media->as<types::MessageMediaPhoto>()->photo->as<types::Photo>();
}

class Uploads : public ClusterTest {
 protected:
  using ClusterTest::ClusterTest;

  void configure() override {
    auto& world = cluster_.world();
    world.add_user("+999660000002", "Bob", "", "bob");
    auto& bot = world.add_bot("Files", "files_bot");
    bot_id_ = bot.id;
    bot_token_ = bot.bot_token;
  }

  void SetUp() override {
    ClusterTest::SetUp();
    bot_ = sign_in_bot(2);
    sign_in_user();
  }

  // Bob on a new connection and key, signed in by code.
  void sign_in_user() {
    user_ = std::make_unique<TestClient>(cluster_.endpoint(2), Kind::intermediate);
    user_->handshake(cluster_.public_key());
    const auto code = fn::auth::SendCode{
        .phone_number = "+999660000002", .api_id = 1, .api_hash = "x", .settings = types::CodeSettings{}};
    const auto sent = user_->call_as<tl::enums::auth::SentCode>(tl::serialize(code));
    user_->call_as<tl::enums::auth::Authorization>(
        tl::serialize(fn::auth::SignIn{.phone_number = code.phone_number,
                                       .phone_code_hash = sent.as<types::auth::SentCode>()->phone_code_hash,
                                       .phone_code = "22222"}));
  }

  std::unique_ptr<TestClient> sign_in_bot(std::int32_t dc) {
    auto client = std::make_unique<TestClient>(cluster_.endpoint(dc), Kind::abridged);
    client->handshake(cluster_.public_key(), dc);
    client->call_as<tl::enums::auth::Authorization>(tl::serialize(fn::auth::ImportBotAuthorization{
        .flags = 0, .api_id = 1, .api_hash = "x", .bot_auth_token = bot_token_}));
    return client;
  }

  static bool save_part(TestClient& c, std::int64_t file_id, std::int32_t part, tl::Bytes bytes) {
    return c.call_as<bool>(tl::serialize(
        fn::upload::SaveFilePart{.file_id = file_id, .file_part = part, .bytes = std::move(bytes)}));
  }

  static bool save_big_part(TestClient& c, std::int64_t file_id, std::int32_t part, std::int32_t total,
                            tl::Bytes bytes) {
    return c.call_as<bool>(tl::serialize(fn::upload::SaveBigFilePart{
        .file_id = file_id, .file_part = part, .file_total_parts = total, .bytes = std::move(bytes)}));
  }

  // Saves bytes with saveFilePart in parts of part_size; the InputFile naming them.
  static types::InputFile upload(TestClient& c, std::int64_t file_id, const tl::Bytes& bytes,
                                 std::size_t part_size, std::string md5 = {}) {
    std::int32_t part = 0;
    for (std::size_t at = 0; at < bytes.size(); at += part_size) {
      EXPECT_TRUE(save_part(c, file_id, part++, slice(bytes, at, part_size)));
    }
    return types::InputFile{.id = file_id, .parts = part, .name = "file.bin", .md5_checksum = std::move(md5)};
  }

  // Bob sends media to the bot; the updates his call returns.
  types::Updates send_media(tl::enums::InputMedia media, std::string caption = {}) {
    const auto peer = types::InputPeerUser{bot_id_, cluster_.world().account(bot_id_)->access_hash};
    const auto sent = user_->call_as<tl::enums::Updates>(tl::serialize(fn::messages::SendMedia{
        .peer = peer, .media = std::move(media), .message = caption, .random_id = ++random_ids_}));
    return *sent.as<types::Updates>();
  }

  static tl::enums::InputMedia document(tl::enums::InputFile file) {
    return types::InputMediaUploadedDocument{
        .file = std::move(file),
        .mime_type = "application/octet-stream",
        .attributes = {types::DocumentAttributeFilename{.file_name = "file.bin"}}};
  }

  static types::upload::File get_file(TestClient& c, tl::enums::InputFileLocation location,
                                      std::int64_t offset, std::int32_t limit, bool precise = false) {
    const fn::upload::GetFile call{
        .precise = precise, .location = std::move(location), .offset = offset, .limit = limit};
    return *c.call_as<tl::enums::upload::File>(tl::serialize(call)).as<types::upload::File>();
  }

  static types::InputDocumentFileLocation location_of(const types::Document& d) {
    return {.id = d.id, .access_hash = d.access_hash, .file_reference = d.file_reference, .thumb_size = ""};
  }

  // The whole file in pieces of limit bytes, each checked to be filePartial.
  static tl::Bytes download(TestClient& c, const tl::enums::InputFileLocation& location, std::int64_t size,
                            std::int32_t limit, bool precise = false) {
    tl::Bytes out;
    for (std::int64_t offset = 0; offset < size; offset += limit) {
      const auto piece = get_file(c, location, offset, limit, precise);
      EXPECT_TRUE(piece.type.is<types::storage::FilePartial>()) << offset;
      out.insert(out.end(), piece.bytes.begin(), piece.bytes.end());
    }
    return out;
  }

  std::int64_t bot_id_ = 0;
  std::int64_t random_ids_ = 0;  // the last one sent: each send has its own
  std::string bot_token_;
  std::unique_ptr<TestClient> bot_;
  std::unique_ptr<TestClient> user_;
};

TEST_F(Uploads, SentDocumentReachesTheOtherSideByteForByte) {
  const auto data = pattern(5000);
  const auto sent = send_media(document(upload(*user_, 11, data, 2 * kKiB, md5_hex(data))), "the notes");

  // What Telegram answers sendMedia with: the id for random_id, then the message.
  ASSERT_EQ(sent.updates.size(), 2u);
  const auto* id = sent.updates[0].as<types::UpdateMessageID>();
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->random_id, random_ids_);
  const auto& mine = sent_message(sent);
  EXPECT_EQ(mine.id, id->id);
  EXPECT_EQ(mine.message, "the notes");
  const auto& doc = document_of(mine);
  EXPECT_EQ(doc.size, 5000);
  EXPECT_EQ(doc.mime_type, "application/octet-stream");
  EXPECT_EQ(doc.dc_id, 2);
  EXPECT_EQ(doc.attributes.at(0).as<types::DocumentAttributeFilename>()->file_name, "file.bin");

  const auto pushed = tl::deserialize<tl::enums::Updates>(bot_->next_update());
  const auto* updates = pushed.as<types::Updates>();
  ASSERT_NE(updates, nullptr) << pushed;
  const auto& theirs = *updates->updates.at(0).as<types::UpdateNewMessage>()->message.as<types::Message>();
  EXPECT_FALSE(theirs.out);
  const auto& received = document_of(theirs);
  EXPECT_EQ(received, doc);

  const auto whole = get_file(*bot_, location_of(received), 0, 8 * kKiB);
  EXPECT_EQ(whole.bytes, data);
  EXPECT_TRUE(whole.type.is<types::storage::FileUnknown>());
  EXPECT_EQ(whole.mtime, received.date);
  EXPECT_EQ(download(*bot_, location_of(received), 5000, kKiB, true), data);
  // Past the end: no bytes, which is how a client that does not know the size stops.
  EXPECT_TRUE(get_file(*bot_, location_of(received), 8 * kKiB, 4 * kKiB).bytes.empty());
}

TEST_F(Uploads, BigFileInHalfMebibyteParts) {
  constexpr std::size_t kPart = 512 * kKiB;
  const auto data = pattern(3 * kPart + 1000, 7);
  // Parts may come in any order (clients upload several at once).
  for (const std::int32_t part : {3, 0, 2, 1}) {
    EXPECT_TRUE(save_big_part(*user_, 12, part, 4, slice(data, part * kPart, kPart)));
  }
  const auto sent = send_media(document(types::InputFileBig{.id = 12, .parts = 4, .name = "big.bin"}));
  const auto& doc = document_of(sent_message(sent));
  ASSERT_EQ(doc.size, static_cast<std::int64_t>(data.size()));
  EXPECT_EQ(download(*bot_, location_of(doc), doc.size, kMiB), data);
  EXPECT_EQ(get_file(*bot_, location_of(doc), kMiB + kPart, static_cast<std::int32_t>(kPart)).bytes,
            slice(data, kMiB + kPart, kPart));
}

TEST_F(Uploads, StreamedUploadLearnsItsSizeFromTheLastPart) {
  const auto data = pattern(2 * 4 * kKiB, 3);
  EXPECT_TRUE(save_big_part(*user_, 13, 0, -1, slice(data, 0, 4 * kKiB)));
  EXPECT_TRUE(save_big_part(*user_, 13, 1, -1, slice(data, 4 * kKiB, 4 * kKiB)));
  // The stream ended on a part boundary: the last part is empty.
  EXPECT_TRUE(save_big_part(*user_, 13, 2, 3, {}));
  const auto sent = send_media(document(types::InputFileBig{.id = 13, .parts = 3, .name = "stream.bin"}));
  const auto& doc = document_of(sent_message(sent));
  EXPECT_EQ(get_file(*bot_, location_of(doc), 0, 16 * kKiB).bytes, data);
}

TEST_F(Uploads, PhotoIsServedUnderItsOneSize) {
  const auto picture = png(640, 480);
  const auto sent = send_media(
      types::InputMediaUploadedPhoto{.file = upload(*user_, 21, picture, 512 * kKiB, md5_hex(picture))});
  const auto& photo = photo_of(sent_message(sent));
  ASSERT_EQ(photo.sizes.size(), 1u);
  EXPECT_EQ(photo.sizes[0],  // in the 800x800 box
            tl::enums::PhotoSize(types::PhotoSize{
                .type = "x", .w = 640, .h = 480, .size = static_cast<std::int32_t>(picture.size())}));

  auto location = types::InputPhotoFileLocation{.id = photo.id,
                                                .access_hash = photo.access_hash,
                                                .file_reference = photo.file_reference,
                                                .thumb_size = "x"};
  const auto file = get_file(*bot_, location, 0, 4 * kKiB);
  EXPECT_EQ(file.bytes, picture);
  EXPECT_TRUE(file.type.is<types::storage::FilePng>());
  location.thumb_size = "w";
  EXPECT_EQ(error_from([&] { get_file(*bot_, location, 0, 4 * kKiB); }).message, "LOCATION_INVALID");

  // A JPEG: its size comes from the start-of-frame segment after APP0.
  const auto jpeg =
      bytes_of({0xff, 0xd8, 0xff, 0xe0, 0, 4, 'J', 'F', 0xff, 0xc0, 0, 17, 8, 0, 240, 1, 64, 3});
  const auto jpeg_sent = send_media(types::InputMediaUploadedPhoto{.file = upload(*user_, 22, jpeg, kKiB)});
  EXPECT_EQ(photo_of(sent_message(jpeg_sent)).sizes.at(0),
            tl::enums::PhotoSize(types::PhotoSize{.type = "m", .w = 320, .h = 240, .size = 18}));
}

TEST_F(Uploads, PhotosMustBeImagesOfSaneShape) {
  const auto send = [&](std::int64_t id, const tl::Bytes& bytes) {
    return error_from([&] {
             send_media(types::InputMediaUploadedPhoto{.file = upload(*user_, id, bytes, 512 * kKiB)});
           })
        .message;
  };
  EXPECT_EQ(send(23, pattern(100)), "IMAGE_PROCESS_FAILED");
  EXPECT_EQ(send(24, png(9000, 2000)), "PHOTO_INVALID_DIMENSIONS");
  EXPECT_EQ(send(25, png(2100, 100)), "PHOTO_INVALID_DIMENSIONS");
}

TEST_F(Uploads, PartsOutsideTheRulesAreRefused) {
  const auto save = [&](std::int32_t part, std::size_t size) {
    return error_from([&] { save_part(*user_, 31, part, pattern(size)); }).message;
  };
  EXPECT_EQ(save(-1, kKiB), "FILE_PART_INVALID");
  EXPECT_EQ(save(4000, kKiB), "FILE_PART_INVALID");
  EXPECT_EQ(save(0, 0), "FILE_PART_EMPTY");
  EXPECT_EQ(save(0, 512 * kKiB + 1), "FILE_PART_TOO_BIG");

  const auto save_big = [&](std::int64_t id, std::int32_t part, std::int32_t total, std::size_t size) {
    return error_from([&] { save_big_part(*user_, id, part, total, pattern(size)); }).message;
  };
  EXPECT_EQ(save_big(32, 0, 0, kKiB), "FILE_PARTS_INVALID");
  EXPECT_EQ(save_big(32, 0, 4001, kKiB), "FILE_PARTS_INVALID");
  EXPECT_EQ(save_big(32, 5, 5, kKiB), "FILE_PART_INVALID");
  // Every part but the last: a multiple of 1 KiB that divides 512 KiB.
  EXPECT_EQ(save_big(32, 0, 5, 1000), "FILE_PART_SIZE_INVALID");
  EXPECT_EQ(save_big(32, 0, 5, 3 * kKiB), "FILE_PART_SIZE_INVALID");
  EXPECT_TRUE(save_big_part(*user_, 32, 0, 5, pattern(kKiB)));
  EXPECT_EQ(save_big(32, 1, 5, 2 * kKiB), "FILE_PART_SIZE_CHANGED");
  EXPECT_EQ(save_big(32, 4, 5, 2 * kKiB), "FILE_PART_SIZE_INVALID");  // a last part bigger than the others
  EXPECT_EQ(save_big(32, 1, 6, kKiB), "FILE_PARTS_INVALID");          // the total changed
  EXPECT_TRUE(save_big_part(*user_, 32, 4, 5, pattern(10)));

  TestClient stranger(cluster_.endpoint(2), Kind::abridged);
  stranger.handshake(cluster_.public_key());
  const auto anonymous = error_from([&] { save_part(stranger, 33, 0, pattern(kKiB)); });
  EXPECT_EQ(anonymous.code, 401);
  EXPECT_EQ(anonymous.message, "AUTH_KEY_UNREGISTERED");
}

TEST_F(Uploads, SendMediaRefusesIncompleteOrDamagedUploads) {
  const auto send = [&](tl::enums::InputFile file, std::string caption = {}) {
    return error_from([&] { send_media(document(std::move(file)), std::move(caption)); }).message;
  };
  const auto small = [](std::int64_t id, std::int32_t parts, std::string md5 = {}) {
    return types::InputFile{.id = id, .parts = parts, .name = "f", .md5_checksum = std::move(md5)};
  };
  const auto data = pattern(5 * kKiB);
  for (const std::int32_t part : {0, 1, 2, 4}) save_part(*user_, 41, part, slice(data, part * kKiB, kKiB));
  EXPECT_EQ(send(small(41, 5)), "FILE_PART_3_MISSING");
  EXPECT_EQ(send(small(41, 0)), "FILE_PARTS_INVALID");
  EXPECT_EQ(send(small(41, 4001)), "FILE_PARTS_INVALID");
  EXPECT_EQ(send(small(40, 1)), "FILE_PART_0_MISSING");  // nothing uploaded under that id
  EXPECT_EQ(send(small(41, 3, "0123456789abcdef0123456789abcdef")), "MD5_CHECKSUM_INVALID");

  // saveFilePart cannot tell the last part; the call that uses the file can.
  const auto layout = [&](std::int64_t id, std::initializer_list<std::size_t> sizes) {
    std::int32_t part = 0;
    for (const auto size : sizes) save_part(*user_, id, part++, pattern(size));
    return send(small(id, part));
  };
  EXPECT_EQ(layout(42, {1000, 1000, 10}), "FILE_PART_SIZE_INVALID");
  EXPECT_EQ(layout(43, {kKiB, 2 * kKiB, 10}), "FILE_PART_SIZE_CHANGED");
  EXPECT_EQ(layout(44, {kKiB, 2 * kKiB}), "FILE_PART_SIZE_INVALID");

  save_big_part(*user_, 45, 0, 2, pattern(kKiB));
  save_big_part(*user_, 45, 1, 2, pattern(10));
  EXPECT_EQ(send(types::InputFileBig{.id = 45, .parts = 3, .name = "f"}), "FILE_PARTS_INVALID");

  const auto ok = small(41, 3, md5_hex(slice(data, 0, 3 * kKiB)));
  EXPECT_EQ(send(ok, std::string(1025, 'x')), "MEDIA_CAPTION_TOO_LONG");
  EXPECT_EQ(error_from([&] { send_media(types::InputMediaEmpty{}); }).message, "MEDIA_EMPTY");
  EXPECT_EQ(document_of(sent_message(send_media(document(ok)))).size, static_cast<std::int64_t>(3 * kKiB));
}

TEST_F(Uploads, GetFileChecksWindowAndLocation) {
  const auto data = pattern(3 * kKiB);
  const auto sent = send_media(document(upload(*user_, 51, data, kKiB)));
  const auto doc = document_of(sent_message(sent));
  const auto get = [&](tl::enums::InputFileLocation location, std::int64_t offset, std::int32_t limit,
                       bool precise = false) {
    return error_from([&] { get_file(*bot_, location, offset, limit, precise); }).message;
  };
  const auto here = location_of(doc);
  EXPECT_EQ(get(here, kKiB, 4 * kKiB), "OFFSET_INVALID");
  EXPECT_EQ(get(here, -4 * static_cast<std::int64_t>(kKiB), 4 * kKiB), "OFFSET_INVALID");
  EXPECT_EQ(get(here, 0, 1000), "LIMIT_INVALID");
  EXPECT_EQ(get(here, 0, 0), "LIMIT_INVALID");
  EXPECT_EQ(get(here, 0, 12 * kKiB), "LIMIT_INVALID");  // 1 MiB is no multiple of it
  EXPECT_EQ(get(here, 0, 2 * kMiB), "LIMIT_INVALID");
  EXPECT_EQ(get(here, kMiB - 4 * kKiB, 8 * kKiB), "LIMIT_INVALID");  // across a 1 MiB boundary
  EXPECT_EQ(get(here, kKiB / 2, kKiB, true), "OFFSET_INVALID");
  EXPECT_EQ(get(here, 0, kMiB + kKiB, true), "LIMIT_INVALID");
  EXPECT_EQ(get(here, kMiB - kKiB, 2 * kKiB, true), "LIMIT_INVALID");
  // precise: 1 KiB steps and any limit up to 1 MiB.
  EXPECT_EQ(get_file(*bot_, here, kKiB, 3 * kKiB, true).bytes, slice(data, kKiB, 3 * kKiB));
  // The sender can download it as well.
  EXPECT_EQ(get_file(*user_, here, 0, 4 * kKiB).bytes, data);

  const auto broken = [&](auto change) {
    auto location = here;
    change(location);
    return get(location, 0, 4 * kKiB);
  };
  EXPECT_EQ(broken([](auto& l) { l.file_reference[0] ^= std::byte{1}; }), "FILE_REFERENCE_EXPIRED");
  EXPECT_EQ(broken([](auto& l) { l.file_reference.clear(); }), "FILE_REFERENCE_EMPTY");
  EXPECT_EQ(broken([](auto& l) { l.access_hash ^= 1; }), "FILE_ID_INVALID");
  EXPECT_EQ(broken([](auto& l) { l.id ^= 1; }), "FILE_ID_INVALID");
  // Documents get no thumbnails here.
  EXPECT_EQ(broken([](auto& l) { l.thumb_size = "m"; }), "LOCATION_INVALID");
  const auto as_photo = types::InputPhotoFileLocation{
      .id = doc.id, .access_hash = doc.access_hash, .file_reference = doc.file_reference, .thumb_size = ""};
  EXPECT_EQ(get(as_photo, 0, 4 * kKiB), "FILE_ID_INVALID");
  EXPECT_EQ(get(types::InputFileLocation{.volume_id = 1, .local_id = 2, .secret = 3, .file_reference = {}}, 0,
                4 * kKiB),
            "LOCATION_INVALID");

  // Files live on the DC they were uploaded to.
  auto dc4 = sign_in_bot(4);
  const auto moved = error_from([&] { get_file(*dc4, here, 0, 4 * kKiB); });
  EXPECT_EQ(moved.code, 303);
  EXPECT_EQ(moved.message, "FILE_MIGRATE_2");
}

}  // namespace
}  // namespace layer::fakedc::test

namespace layer::fakedc::test {
namespace {

// Keeps its world in a state file, so the restart fault reloads it.
class UploadsAcrossRestart : public Uploads {
 protected:
  UploadsAcrossRestart() : Uploads(ClusterOptions{.state_file = state_file()}) {}
  ~UploadsAcrossRestart() override { std::filesystem::remove(state_file()); }

  static std::string state_file() {
    return (std::filesystem::temp_directory_path() / ("layer-fakedc-uploads-" + std::to_string(::getpid())))
        .string();
  }
};

TEST_F(UploadsAcrossRestart, StoredFilesAndPartsInFlightSurvive) {
  const auto data = pattern(3000, 5);
  const auto sent = send_media(document(upload(*user_, 21, data, 2 * kKiB)));
  const auto stored = document_of(sent_message(sent));
  const auto later = pattern(4 * kKiB, 9);
  EXPECT_TRUE(save_part(*user_, 22, 0, slice(later, 0, 2 * kKiB)));

  cluster_.apply_fault("restart");
  EXPECT_FALSE(user_->receive().has_value());
  while (bot_->receive()) {
  }  // the media message's push, then the close

  bot_ = sign_in_bot(2);
  EXPECT_EQ(get_file(*bot_, location_of(stored), 0, 4 * kKiB).bytes, data);
  sign_in_user();
  EXPECT_TRUE(save_part(*user_, 22, 1, slice(later, 2 * kKiB, 2 * kKiB)));
  const auto second = send_media(document(types::InputFile{.id = 22, .parts = 2, .name = "b.bin"}));
  EXPECT_EQ(get_file(*user_, location_of(document_of(sent_message(second))), 0, 4 * kKiB).bytes, later);
}

}  // namespace
}  // namespace layer::fakedc::test
