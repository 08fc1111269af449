// The fake DC's file services over the world's FileStore: the parts a client
// uploads with upload.saveFilePart / upload.saveBigFilePart, kept per
// (account, file_id) until a call names them in an InputFile, and the
// documents and photos made of them, which upload.getFile serves.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "../dc.hpp"

namespace layer::fakedc::services {

// The content of the file an InputFile names, checked as Telegram checks it
// when a call uses an upload: FILE_PARTS_INVALID, FILE_PART_<n>_MISSING,
// FILE_PART_SIZE_INVALID / FILE_PART_SIZE_CHANGED, MD5_CHECKSUM_INVALID.
tl::Bytes assemble(const FileStore& store, std::int64_t account, const tl::enums::InputFile& input);

class ScheduledMessages;

// messages.sendMedia with an uploaded document or photo, now or at a date.
void add_media(Dispatcher& dispatcher, Shared& shared, const std::shared_ptr<ScheduledMessages>& scheduled);

}  // namespace layer::fakedc::services
