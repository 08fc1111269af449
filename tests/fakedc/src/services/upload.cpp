// Moving files: upload.saveFilePart and upload.saveBigFilePart with the part
// rules of core.telegram.org/api/files, the assembly that a call naming an
// uploaded file triggers, and upload.getFile with its offset/limit rules.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "files.hpp"
#include "layer/tl/functions/upload.hpp"
#include "layer/tl/types/storage.hpp"
#include "layer/tl/types/upload.hpp"
#include "services.hpp"

namespace layer::fakedc::services {
namespace {

namespace fn = tl::functions;
namespace types = tl::types;

constexpr std::size_t kMaxPartSize = 512 * 1024;
// upload_max_fileparts_default: 4000 parts of 512 KiB, the 2 GB of an account without Premium.
constexpr std::int32_t kMaxParts = 4000;
// upload.getFile serves pieces that stay within one 1 MiB chunk of the file.
constexpr std::int64_t kDownloadChunk = 1024 * 1024;

// What every part but the last must satisfy: part_size % 1024 == 0 and 524288 % part_size == 0.
bool regular_size(std::size_t size) {
  return size > 0 && size % 1024 == 0 && kMaxPartSize % size == 0;
}

// Stores one part. saveBigFilePart knows from file_total_parts whether a part
// is the last one (known_last) or not (known_middle); saveFilePart knows
// neither, so its files are checked as a whole by assemble().
void save_part(Upload& upload, std::int32_t part, tl::Bytes bytes, bool known_last, bool known_middle) {
  if (part < 0 || part >= kMaxParts) throw RpcFailure(400, "FILE_PART_INVALID");
  if (bytes.size() > kMaxPartSize) throw RpcFailure(400, "FILE_PART_TOO_BIG");
  // A streamed upload whose size was a multiple of part_size ends with an empty part.
  if (bytes.empty() && !(known_last && part > 0)) throw RpcFailure(400, "FILE_PART_EMPTY");
  if (known_middle) {
    if (!regular_size(bytes.size())) throw RpcFailure(400, "FILE_PART_SIZE_INVALID");
    if (upload.part_size != 0 && upload.part_size != bytes.size()) {
      throw RpcFailure(400, "FILE_PART_SIZE_CHANGED");
    }
    upload.part_size = bytes.size();
  }
  if (known_last && upload.part_size != 0 && bytes.size() > upload.part_size) {
    throw RpcFailure(400, "FILE_PART_SIZE_INVALID");
  }
  upload.parts.insert_or_assign(part, std::move(bytes));
}

void add_parts(Dispatcher& d, FileStore& store) {
  d.on<fn::upload::SaveFilePart>([&store](const Call& call, const fn::upload::SaveFilePart& r) {
    Upload& upload = store.uploads[{call.account(), r.file_id}];
    save_part(upload, r.file_part, r.bytes, false, false);
    return true;
  });
  d.on<fn::upload::SaveBigFilePart>([&store](const Call& call, const fn::upload::SaveBigFilePart& r) {
    const std::int32_t total = r.file_total_parts;
    // -1: a streamed upload, which learns its size only with its last part.
    if (total == 0 || total < -1 || total > kMaxParts) throw RpcFailure(400, "FILE_PARTS_INVALID");
    if (total > 0 && r.file_part >= total) throw RpcFailure(400, "FILE_PART_INVALID");
    Upload& upload = store.uploads[{call.account(), r.file_id}];
    if (total > 0 && upload.total_parts > 0 && upload.total_parts != total) {
      throw RpcFailure(400, "FILE_PARTS_INVALID");
    }
    const bool last = total > 0 && r.file_part == total - 1;
    save_part(upload, r.file_part, r.bytes, last, !last);
    if (total > 0 || upload.total_parts == 0) upload.total_parts = total;
    return true;
  });
}

std::string md5_hex(std::span<const std::byte> data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_md5(), nullptr) != 1) {
    throw RpcFailure(500, "MD5_FAILED");
  }
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

bool same_md5(std::string given, const std::string& computed) {
  std::transform(given.begin(), given.end(), given.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return given == computed;
}

// Every part but the last has one regular size; the last is no bigger.
void check_layout(std::int32_t part, std::int32_t parts, std::size_t size, std::size_t first) {
  const bool last = part == parts - 1;
  if (!last && !regular_size(size)) throw RpcFailure(400, "FILE_PART_SIZE_INVALID");
  if (!last && size != first) throw RpcFailure(400, "FILE_PART_SIZE_CHANGED");
  if (last && parts > 1 && size > first) throw RpcFailure(400, "FILE_PART_SIZE_INVALID");
}

}  // namespace

tl::Bytes assemble(const FileStore& store, std::int64_t account, const tl::enums::InputFile& input) {
  std::int64_t id = 0;
  std::int32_t parts = 0;
  const std::string* md5 = nullptr;
  if (const auto* small = input.as<types::InputFile>()) {
    id = small->id;
    parts = small->parts;
    md5 = &small->md5_checksum;
  } else if (const auto* big = input.as<types::InputFileBig>()) {
    id = big->id;
    parts = big->parts;
  } else {
    throw RpcFailure(400, "MEDIA_INVALID");  // inputFileStoryDocument names no upload
  }
  if (parts < 1 || parts > kMaxParts) throw RpcFailure(400, "FILE_PARTS_INVALID");
  static const Upload kNothing;
  const auto found = store.uploads.find({account, id});
  const Upload& upload = found == store.uploads.end() ? kNothing : found->second;
  if (upload.total_parts > 0 && upload.total_parts != parts) throw RpcFailure(400, "FILE_PARTS_INVALID");
  tl::Bytes out;
  std::size_t first = 0;
  for (std::int32_t n = 0; n < parts; ++n) {
    const auto part = upload.parts.find(n);
    if (part == upload.parts.end()) throw RpcFailure(400, "FILE_PART_" + std::to_string(n) + "_MISSING");
    if (n == 0) first = part->second.size();
    check_layout(n, parts, part->second.size(), first);
    out.insert(out.end(), part->second.begin(), part->second.end());
  }
  // The checksum is optional: an empty md5_checksum is not checked.
  if (md5 != nullptr && !md5->empty() && !same_md5(*md5, md5_hex(out))) {
    throw RpcFailure(400, "MD5_CHECKSUM_INVALID");
  }
  return out;
}

namespace {

// offset and limit as core.telegram.org/api/files allows them: 4 KiB aligned
// and limit dividing 1 MiB, or with precise 1 KiB aligned and limit up to
// 1 MiB; either way within one 1 MiB chunk.
void check_window(const fn::upload::GetFile& r) {
  const std::int64_t align = r.precise ? 1024 : 4096;
  const std::int64_t limit = r.limit;
  if (r.offset < 0 || r.offset % align != 0) throw RpcFailure(400, "OFFSET_INVALID");
  if (limit <= 0 || limit % align != 0 || limit > kDownloadChunk ||
      (!r.precise && kDownloadChunk % limit != 0)) {
    throw RpcFailure(400, "LIMIT_INVALID");
  }
  if (r.offset / kDownloadChunk != (r.offset + limit - 1) / kDownloadChunk) {
    throw RpcFailure(400, "LIMIT_INVALID");
  }
}

const StoredFile& locate(const FileStore& store, const tl::enums::InputFileLocation& location) {
  const auto* document = location.as<types::InputDocumentFileLocation>();
  const auto* photo = location.as<types::InputPhotoFileLocation>();
  if (document == nullptr && photo == nullptr) throw RpcFailure(400, "LOCATION_INVALID");
  const std::int64_t id = document != nullptr ? document->id : photo->id;
  const std::int64_t access_hash = document != nullptr ? document->access_hash : photo->access_hash;
  const tl::Bytes& reference = document != nullptr ? document->file_reference : photo->file_reference;
  const std::string& thumb_size = document != nullptr ? document->thumb_size : photo->thumb_size;
  const auto it = store.files.find(id);
  if (it == store.files.end() || it->second.photo != (photo != nullptr) ||
      it->second.access_hash != access_hash) {
    throw RpcFailure(400, "FILE_ID_INVALID");
  }
  if (reference.empty()) throw RpcFailure(400, "FILE_REFERENCE_EMPTY");
  if (reference != it->second.file_reference) throw RpcFailure(400, "FILE_REFERENCE_EXPIRED");
  // A document has no thumbnails here; a photo has its one size.
  if (thumb_size != it->second.thumb_size) throw RpcFailure(400, "LOCATION_INVALID");
  return it->second;
}

bool starts_with(std::span<const std::byte> bytes, std::string_view magic, std::size_t at = 0) {
  if (bytes.size() < at + magic.size()) return false;
  return std::equal(magic.begin(), magic.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at),
                    [](char m, std::byte b) { return static_cast<std::byte>(m) == b; });
}

// The storage.FileType of a whole file, from its first bytes.
tl::enums::storage::FileType type_of(std::span<const std::byte> bytes) {
  if (starts_with(bytes, "\xff\xd8\xff")) return types::storage::FileJpeg{};
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n")) return types::storage::FilePng{};
  if (starts_with(bytes, "GIF8")) return types::storage::FileGif{};
  if (starts_with(bytes, "%PDF")) return types::storage::FilePdf{};
  if (starts_with(bytes, "RIFF") && starts_with(bytes, "WEBP", 8)) return types::storage::FileWebp{};
  if (starts_with(bytes, "ftypqt", 4)) return types::storage::FileMov{};
  if (starts_with(bytes, "ftyp", 4)) return types::storage::FileMp4{};
  if (starts_with(bytes, "ID3")) return types::storage::FileMp3{};
  return types::storage::FileUnknown{};
}

void add_download(Dispatcher& d, FileStore& store) {
  d.on<fn::upload::GetFile>([&store](const Call& call, const fn::upload::GetFile& r) {
    call.account();  // downloads need an authorization on this DC too
    check_window(r);
    const StoredFile& file = locate(store, r.location);
    // Files live on the DC they were uploaded to, as on Telegram.
    if (file.dc_id != call.dc_id) throw RpcFailure(303, "FILE_MIGRATE_" + std::to_string(file.dc_id));
    const auto size = static_cast<std::int64_t>(file.bytes.size());
    const std::int64_t begin = std::min(r.offset, size);
    const std::int64_t end = std::min(begin + r.limit, size);
    types::upload::File out;
    out.mtime = file.date;
    out.bytes.assign(file.bytes.begin() + begin, file.bytes.begin() + end);
    // A piece that is not the whole file is filePartial; past the end it is empty.
    if (begin == 0 && end == size) {
      out.type = type_of(file.bytes);
    } else {
      out.type = types::storage::FilePartial{};
    }
    return out;
  });
}

}  // namespace

void add_uploads(Dispatcher& dispatcher, Shared& shared) {
  // The world's store keeps its address when a restart reloads the world.
  FileStore& store = shared.world.files();
  add_parts(dispatcher, store);
  add_download(dispatcher, store);
}

}  // namespace layer::fakedc::services
