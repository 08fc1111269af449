// The world's state file format, for world_file.cpp (the records) and
// world_save.cpp (the file): TL-encoded with our own codec, behind a magic
// word and a version. WorldFile is World's friend and reads its privates.
#pragma once

#include <cstdint>

#include "layer/fakedc/world.hpp"
#include "layer/tl/codec.hpp"

namespace layer::fakedc {

class WorldFile {
 public:
  static void write(const World& world, tl::Writer& w);
  static void read(World& world, tl::Reader& r);

 private:
  static void write_account(const Account& a, tl::Writer& w);
  static Account read_account(tl::Reader& r, std::uint32_t version);
  static void write_key(std::int32_t dc, const KeyRecord& k, tl::Writer& w);
  static void read_key(World& world, tl::Reader& r, std::uint32_t version);
  static void write_mailbox(std::int64_t owner, const Mailbox& box, tl::Writer& w);
  // Reads the box written by write_mailbox into target (or the owner's mailbox).
  static std::int64_t read_mailbox(World& world, tl::Reader& r, std::uint32_t version,
                                   Mailbox* target = nullptr);
  static void read_messages(std::map<std::int32_t, tl::types::Message>& messages, tl::Reader& r);
  static void write_sequence(const UpdateSequence& sequence, tl::Writer& w);
  static void read_sequence(UpdateSequence& sequence, tl::Reader& r);
  static void write_channel(const Channel& c, tl::Writer& w);
  static void write_group(const BasicGroup& g, tl::Writer& w);
  static void read_group(World& world, tl::Reader& r, std::uint32_t version);
  static void read_channel(World& world, tl::Reader& r, std::uint32_t version);
  static void write_files(const FileStore& store, tl::Writer& w);
  static void read_files(FileStore& store, tl::Reader& r);
  static void write_sent(const std::map<std::int64_t, SentLog>& sent, tl::Writer& w);
  static void read_sent(std::map<std::int64_t, SentLog>& sent, tl::Reader& r);
};

}  // namespace layer::fakedc
