// The fake DC's file storage: the parts a client uploads with
// upload.saveFilePart / upload.saveBigFilePart, kept per (account, file_id)
// until a call names them in an InputFile, and the documents and photos made
// of them, which upload.getFile serves. It lives in memory only: the state
// file keeps messages that carry media, not the bytes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "../dc.hpp"

namespace layer::fakedc::services {

// One file in flight. Telegram keeps parts for hours; so does this, so a
// client that sends the same InputFile twice (a retry) is served again.
struct Upload {
  std::map<std::int32_t, tl::Bytes> parts;
  // saveBigFilePart's file_total_parts: 0 for saveFilePart uploads, -1 while
  // a streamed upload does not know its size yet.
  std::int32_t total_parts = 0;
  // The size every part but the last shares, once a part known not to be the
  // last one fixed it; 0 before.
  std::size_t part_size = 0;
};

// A document or photo: its bytes and what a file location must name to get them.
struct StoredFile {
  std::int64_t access_hash = 0;
  tl::Bytes file_reference;
  std::int32_t dc_id = 0;  // where it was uploaded; other DCs answer FILE_MIGRATE_X
  std::int32_t date = 0;
  bool photo = false;
  // The PhotoSize type a photo's bytes are served under; empty for documents
  // (the fake DC makes no thumbnails).
  std::string thumb_size;
  tl::Bytes bytes;
};

struct FileStore {
  std::map<std::pair<std::int64_t, std::int64_t>, Upload> uploads;  // (account, file_id)
  std::map<std::int64_t, StoredFile> files;                         // by document or photo id
};

// The content of the file an InputFile names, checked as Telegram checks it
// when a call uses an upload: FILE_PARTS_INVALID, FILE_PART_<n>_MISSING,
// FILE_PART_SIZE_INVALID / FILE_PART_SIZE_CHANGED, MD5_CHECKSUM_INVALID.
tl::Bytes assemble(const FileStore& store, std::int64_t account, const tl::enums::InputFile& input);

// messages.sendMedia with an uploaded document or photo.
void add_media(Dispatcher& dispatcher, Shared& shared, std::shared_ptr<FileStore> store);

}  // namespace layer::fakedc::services
