// messages.sendMedia with a freshly uploaded document or photo. The upload
// becomes a document (or photo) in the file store, the message carrying it is
// delivered like messages.sendMessage's, and the caller gets what Telegram
// answers sendMedia with: updates holding updateMessageID and updateNewMessage,
// since updateShortSentMessage has no room for the document the client needs.
// Once per random_id, as messages.sendMessage (sends_once.hpp); with a
// schedule_date, kept until then (scheduled.hpp), the upload stored already.
#include <algorithm>
#include <optional>
#include <utility>

#include "delivery.hpp"
#include "files.hpp"
#include "layer/tl/functions/messages.hpp"
#include "peers.hpp"
#include "scheduled.hpp"
#include "sends_once.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

constexpr std::size_t kMaxCaptionLength = 1024;  // caption_length_limit_default

std::uint32_t big_endian(std::span<const std::byte> b, std::size_t at, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = v << 8 | std::to_integer<std::uint32_t>(b[at + i]);
  return v;
}

struct Dimensions {
  std::uint32_t w = 0;
  std::uint32_t h = 0;
};

// A PNG's IHDR or a JPEG's start of frame. Telegram decodes (and re-encodes)
// every photo; the fake DC only reads the size and refuses anything else.
std::optional<Dimensions> image_dimensions(std::span<const std::byte> b) {
  constexpr std::uint32_t kIhdr = 0x49484452;
  if (b.size() >= 24 && big_endian(b, 0, 4) == 0x89504e47 && big_endian(b, 12, 4) == kIhdr) {
    return Dimensions{.w = big_endian(b, 16, 4), .h = big_endian(b, 20, 4)};
  }
  if (b.size() < 4 || big_endian(b, 0, 2) != 0xffd8) return std::nullopt;
  std::size_t at = 2;
  while (at + 4 <= b.size()) {
    if (big_endian(b, at, 1) != 0xff) return std::nullopt;
    const std::uint32_t marker = big_endian(b, at + 1, 1);
    if (marker == 0xff) {  // fill byte
      ++at;
      continue;
    }
    // SOF0..SOF15 but DHT, JPG and DAC: length, precision, height, width.
    const bool frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (frame) {
      if (at + 9 > b.size()) return std::nullopt;
      return Dimensions{.w = big_endian(b, at + 7, 2), .h = big_endian(b, at + 5, 2)};
    }
    at += 2 + big_endian(b, at + 2, 2);
  }
  return std::nullopt;
}

// The PhotoSize type of Telegram's thumbnail boxes a picture of this size fits.
std::string size_type(Dimensions d) {
  const std::uint32_t side = std::max(d.w, d.h);
  if (side <= 100) return "s";
  if (side <= 320) return "m";
  if (side <= 800) return "x";
  if (side <= 1280) return "y";
  return "w";
}

// Puts bytes in the store under a fresh id, access hash and file reference.
std::pair<std::int64_t, const StoredFile*> keep(Shared& shared, FileStore& store, const Call& call,
                                                tl::Bytes bytes, std::string thumb_size) {
  StoredFile file;
  file.access_hash = shared.world.random_id();
  file.file_reference.resize(16);
  shared.rng->fill(file.file_reference);
  file.dc_id = call.dc_id;
  file.date = shared.world.now();
  file.photo = !thumb_size.empty();
  file.thumb_size = std::move(thumb_size);
  file.bytes = std::move(bytes);
  const std::int64_t id = shared.world.random_id();
  const auto it = store.files.insert_or_assign(id, std::move(file)).first;
  return {id, &it->second};
}

tl::enums::MessageMedia document_media(Shared& shared, FileStore& store, const Call& call,
                                       const types::InputMediaUploadedDocument& m) {
  tl::Bytes bytes = assemble(store, call.account(), m.file);
  types::Document document;
  document.size = static_cast<std::int64_t>(bytes.size());
  document.mime_type = m.mime_type;
  document.attributes = m.attributes;
  const auto [id, file] = keep(shared, store, call, std::move(bytes), {});
  document.id = id;
  document.access_hash = file->access_hash;
  document.file_reference = file->file_reference;
  document.date = file->date;
  document.dc_id = file->dc_id;
  types::MessageMediaDocument media;
  media.spoiler = m.spoiler;
  media.ttl_seconds = m.ttl_seconds;
  // The flags clients pick a player by, from the attributes as Telegram sets them.
  for (const auto& attribute : document.attributes) {
    if (const auto* video = attribute.as<types::DocumentAttributeVideo>()) {
      media.round = video->round_message;
      media.video = !video->round_message && !m.force_file;
    }
    if (const auto* audio = attribute.as<types::DocumentAttributeAudio>()) media.voice = audio->voice;
  }
  media.document = std::move(document);
  return media;
}

tl::enums::MessageMedia photo_media(Shared& shared, FileStore& store, const Call& call,
                                    const types::InputMediaUploadedPhoto& m) {
  tl::Bytes bytes = assemble(store, call.account(), m.file);
  const auto dimensions = image_dimensions(bytes);
  if (!dimensions) throw RpcFailure(400, "IMAGE_PROCESS_FAILED");
  // Telegram's bounds: width + height at most 10000, sides at most 20:1.
  const std::uint64_t w = dimensions->w;
  const std::uint64_t h = dimensions->h;
  if (w == 0 || h == 0 || w + h > 10000 || std::max(w, h) > 20 * std::min(w, h)) {
    throw RpcFailure(400, "PHOTO_INVALID_DIMENSIONS");
  }
  const auto size = static_cast<std::int32_t>(bytes.size());
  const auto [id, file] = keep(shared, store, call, std::move(bytes), size_type(*dimensions));
  types::Photo photo;
  photo.id = id;
  photo.access_hash = file->access_hash;
  photo.file_reference = file->file_reference;
  photo.date = file->date;
  photo.sizes = {types::PhotoSize{.type = file->thumb_size,
                                  .w = static_cast<std::int32_t>(w),
                                  .h = static_cast<std::int32_t>(h),
                                  .size = size}};
  photo.dc_id = file->dc_id;
  types::MessageMediaPhoto media;
  media.spoiler = m.spoiler;
  media.photo = std::move(photo);
  media.ttl_seconds = m.ttl_seconds;
  return media;
}

tl::enums::MessageMedia media_of(Shared& shared, FileStore& store, const Call& call,
                                 const tl::enums::InputMedia& media) {
  if (const auto* document = media.as<types::InputMediaUploadedDocument>()) {
    return document_media(shared, store, call, *document);
  }
  if (const auto* photo = media.as<types::InputMediaUploadedPhoto>()) {
    return photo_media(shared, store, call, *photo);
  }
  if (media.is<types::InputMediaEmpty>()) throw RpcFailure(400, "MEDIA_EMPTY");
  // Existing documents, geo points, polls, ...: not served by the fake DC.
  throw RpcFailure(400, "MEDIA_INVALID");
}

}  // namespace

void add_media(Dispatcher& d, Shared& shared, const std::shared_ptr<ScheduledMessages>& scheduled) {
  on_send_once<fn::messages::SendMedia>(
      d, shared, [&shared, scheduled](const Call& call, const fn::messages::SendMedia& r) -> types::Updates {
        World& world = shared.world;
        const std::int64_t self = call.account();
        if (r.message.size() > kMaxCaptionLength) throw RpcFailure(400, "MEDIA_CAPTION_TOO_LONG");
        const ChatTarget chat = resolve_chat(world, self, r.peer);
        // The fake DC posts no media to basic groups (yet).
        if (chat.group() != nullptr) throw RpcFailure(400, "PEER_ID_INVALID");
        if (r.schedule_date) scheduled->check(call, *r.schedule_date);
        types::Message m;
        m.reply_to = reply_header(world, self, r.peer, r.reply_to);
        m.media = media_of(shared, shared.world.files(), call, r.media);
        m.message = r.message;
        m.entities = r.entities;
        m.reply_markup = r.reply_markup;
        m.silent = r.silent;
        if (r.schedule_date)
          return scheduled->schedule(call, r.peer, std::move(m), *r.schedule_date, r.random_id);
        if (Channel* channel = chat.channel())
          return post_to_channel(shared, sender_of(call), *channel, std::move(m), r.random_id);
        const auto sent = deliver(shared, sender_of(call), chat.user(), std::move(m));
        std::vector<tl::enums::Update> updates;
        updates.push_back(types::UpdateMessageID{sent.id, r.random_id});
        updates.push_back(types::UpdateNewMessage{sent, world.mailbox(self).pts, 1});
        return updates_of(world, self, std::move(updates), {self, chat.user()});
      });
}

}  // namespace layer::fakedc::services
