// The world's records as the state file holds them (world_file.hpp), each
// written and read back field by field; world_save.cpp writes the file.
#include "world_file.hpp"

#include <algorithm>

namespace layer::fakedc {

namespace {

constexpr std::uint32_t kMagic = 0x4c444346;  // "FCDL"
// Version 2 added the file store, blocked peers, qts and seq; version 3 when
// each key was made and last used (so temporary keys expire and unauthorized
// ones are evicted across restarts); version 4 the answers of sends by
// random_id; version 5 which copies of a basic group's messages are one
// message; version 6 scheduled messages. Older files still load, without them.
constexpr std::uint32_t kVersion = 6;

template <class T>
void write_optional(tl::Writer& w, const std::optional<T>& v) {
  w.write_bool(v.has_value());
  if (v) tl::write(w, *v);
}

template <class T>
std::optional<T> read_optional(tl::Reader& r) {
  if (!r.read_bool()) return std::nullopt;
  return tl::read<T>(r);
}

}  // namespace

void WorldFile::write_account(const Account& a, tl::Writer& w) {
  w.write_i64(a.id);
  w.write_i64(a.access_hash);
  for (const auto* s : {&a.phone, &a.first_name, &a.last_name, &a.username, &a.bot_token}) w.write_string(*s);
  w.write_bool(a.bot);
  w.write_bool(a.password.has_value());
  if (a.password) {
    w.write_bytes(a.password->salt1);
    w.write_bytes(a.password->salt2);
    w.write_bytes(a.password->verifier);
    w.write_string(a.password->hint);
  }
  tl::write(w, a.blocked);
}

Account WorldFile::read_account(tl::Reader& r, std::uint32_t version) {
  Account a;
  a.id = r.read_i64();
  a.access_hash = r.read_i64();
  for (auto* s : {&a.phone, &a.first_name, &a.last_name, &a.username, &a.bot_token}) *s = r.read_string();
  a.bot = r.read_bool();
  if (r.read_bool()) {
    Account::Password p;
    p.salt1 = r.read_bytes();
    p.salt2 = r.read_bytes();
    p.verifier = r.read_bytes();
    p.hint = r.read_string();
    a.password = std::move(p);
  }
  if (version >= 2) a.blocked = tl::read<std::vector<std::int64_t>>(r);
  return a;
}

void WorldFile::write_key(std::int32_t dc, const KeyRecord& k, tl::Writer& w) {
  w.write_i32(dc);
  w.write_raw(k.key.bytes());
  w.write_i64(k.salt);
  write_optional(w, k.expires_in);
  write_optional(
      w, k.bound_to ? std::optional<std::int64_t>(static_cast<std::int64_t>(*k.bound_to)) : std::nullopt);
  write_optional(w, k.account);
  write_optional(w, k.awaiting_password);
  w.write_i32(k.salts_since);
  w.write_i32(k.created);
  w.write_i64(static_cast<std::int64_t>(k.last_use));
}

void WorldFile::read_key(World& world, tl::Reader& r, std::uint32_t version) {
  const std::int32_t dc = r.read_i32();
  const auto bytes = r.read_raw(crypto::kAuthKeySize);
  KeyRecord k{crypto::AuthKey(bytes.first<crypto::kAuthKeySize>()), r.read_i64(), {}, {}, {}, {}};
  k.expires_in = read_optional<std::int32_t>(r);
  if (const auto bound = read_optional<std::int64_t>(r)) k.bound_to = static_cast<std::uint64_t>(*bound);
  k.account = read_optional<std::int64_t>(r);
  k.awaiting_password = read_optional<std::int64_t>(r);
  k.salts_since = r.read_i32();
  // Older files did not date keys: their first salt's hour is the nearest.
  k.created = version >= 3 ? r.read_i32() : k.salts_since;
  if (version >= 3) k.last_use = static_cast<std::uint64_t>(r.read_i64());
  // Stored as saved, not through add_key: loading neither dates nor evicts
  // (the DC's next handshake brings its keys within the limit).
  world.key_uses_ = std::max(world.key_uses_, k.last_use);
  const std::uint64_t id = k.key.id();
  world.keys_.insert_or_assign({dc, id}, std::move(k));
}

void WorldFile::write_mailbox(std::int64_t owner, const Mailbox& box, tl::Writer& w) {
  w.write_i64(owner);
  w.write_i32(box.pts);
  w.write_i32(box.next_message_id);
  w.write_u32(static_cast<std::uint32_t>(box.messages.size()));
  for (const auto& [id, message] : box.messages) tl::write(w, tl::enums::Message(message));
  w.write_u32(static_cast<std::uint32_t>(box.copies.size()));
  for (const auto& [id, copy] : box.copies) {
    w.write_i32(id);
    w.write_i64(copy.first);
    w.write_i32(copy.second);
  }
  w.write_u32(static_cast<std::uint32_t>(box.log.size()));
  for (const auto& e : box.log) {
    w.write_i32(e.pts);
    w.write_i32(e.pts_count);
    w.write_i32(e.date);
    tl::write(w, e.update);
  }
  write_sequence(box.qts, w);
  write_sequence(box.seq, w);
  w.write_i32(box.next_scheduled_id);
  w.write_u32(static_cast<std::uint32_t>(box.scheduled.size()));
  for (const auto& [id, message] : box.scheduled) tl::write(w, tl::enums::Message(message));
}

void WorldFile::read_messages(std::map<std::int32_t, tl::types::Message>& messages, tl::Reader& r) {
  for (std::uint32_t n = r.read_bare_vector_count(4); n > 0; --n) {
    auto message = tl::read<tl::enums::Message>(r);
    const auto* m = message.as<tl::types::Message>();
    if (m == nullptr) r.fail(tl::DecodeErrc::unknown_constructor, "a stored message that is not a message");
    messages[m->id] = *m;
  }
}

void WorldFile::write_sequence(const UpdateSequence& sequence, tl::Writer& w) {
  w.write_i32(sequence.last);
  w.write_u32(static_cast<std::uint32_t>(sequence.log.size()));
  for (const auto& e : sequence.log) {
    w.write_i32(e.number);
    w.write_i32(e.date);
    tl::write(w, e.update);
  }
}

void WorldFile::read_sequence(UpdateSequence& sequence, tl::Reader& r) {
  sequence.last = r.read_i32();
  for (std::uint32_t n = r.read_bare_vector_count(12); n > 0; --n) {
    UpdateSequence::Entry e;
    e.number = r.read_i32();
    e.date = r.read_i32();
    e.update = tl::read<tl::enums::Update>(r);
    sequence.log.push_back(std::move(e));
  }
}

std::int64_t WorldFile::read_mailbox(World& world, tl::Reader& r, std::uint32_t version, Mailbox* target) {
  const std::int64_t owner = r.read_i64();
  Mailbox& box = target != nullptr ? *target : world.mailboxes_[owner];
  box.pts = r.read_i32();
  box.next_message_id = r.read_i32();
  read_messages(box.messages, r);
  for (std::uint32_t n = r.read_bare_vector_count(16); n > 0; --n) {
    const std::int32_t id = r.read_i32();
    const std::int64_t peer = r.read_i64();
    box.copies[id] = {peer, r.read_i32()};
  }
  for (std::uint32_t n = r.read_bare_vector_count(16); n > 0; --n) {
    Mailbox::Entry e;
    e.pts = r.read_i32();
    e.pts_count = r.read_i32();
    e.date = r.read_i32();
    e.update = tl::read<tl::enums::Update>(r);
    box.log.push_back(std::move(e));
  }
  if (version >= 2) {
    read_sequence(box.qts, r);
    read_sequence(box.seq, r);
  }
  if (version >= 6) {
    box.next_scheduled_id = r.read_i32();
    read_messages(box.scheduled, r);
  }
  return owner;
}

void WorldFile::write_channel(const Channel& c, tl::Writer& w) {
  w.write_i64(c.access_hash);
  for (const auto* s : {&c.title, &c.username, &c.about}) w.write_string(*s);
  w.write_bool(c.megagroup);
  w.write_i64(c.creator);
  w.write_i32(c.date);
  tl::write(w, c.members);
  write_mailbox(c.id, c.box, w);
}

void WorldFile::read_channel(World& world, tl::Reader& r, std::uint32_t version) {
  Channel c;
  c.access_hash = r.read_i64();
  for (auto* s : {&c.title, &c.username, &c.about}) *s = r.read_string();
  c.megagroup = r.read_bool();
  c.creator = r.read_i64();
  c.date = r.read_i32();
  c.members = tl::read<std::vector<std::int64_t>>(r);
  c.id = read_mailbox(world, r, version, &c.box);
  world.channels_[c.id] = std::move(c);
}

void WorldFile::write_group(const BasicGroup& g, tl::Writer& w) {
  w.write_i64(g.id);
  w.write_string(g.title);
  w.write_i64(g.creator);
  w.write_i32(g.date);
  w.write_i32(g.version);
  tl::write(w, g.members);
  w.write_u32(static_cast<std::uint32_t>(g.copies.size()));
  for (const auto& copies : g.copies) {
    w.write_u32(static_cast<std::uint32_t>(copies.size()));
    for (const auto& [member, id] : copies) {
      w.write_i64(member);
      w.write_i32(id);
    }
  }
}

void WorldFile::read_group(World& world, tl::Reader& r, std::uint32_t version) {
  BasicGroup g;
  g.id = r.read_i64();
  g.title = r.read_string();
  g.creator = r.read_i64();
  g.date = r.read_i32();
  g.version = r.read_i32();
  g.members = tl::read<std::vector<std::int64_t>>(r);
  if (version >= 5) {
    for (std::uint32_t n = r.read_bare_vector_count(4); n > 0; --n) {
      auto& copies = g.copies.emplace_back();
      for (std::uint32_t members = r.read_bare_vector_count(12); members > 0; --members) {
        const std::int64_t member = r.read_i64();
        copies[member] = r.read_i32();
      }
    }
  }
  world.groups_[g.id] = std::move(g);
}

void WorldFile::write_files(const FileStore& store, tl::Writer& w) {
  w.write_u32(static_cast<std::uint32_t>(store.uploads.size()));
  for (const auto& [key, upload] : store.uploads) {
    w.write_i64(key.first);
    w.write_i64(key.second);
    w.write_i32(upload.total_parts);
    w.write_i64(static_cast<std::int64_t>(upload.part_size));
    w.write_u32(static_cast<std::uint32_t>(upload.parts.size()));
    for (const auto& [part, bytes] : upload.parts) {
      w.write_i32(part);
      w.write_bytes(bytes);
    }
  }
  w.write_u32(static_cast<std::uint32_t>(store.files.size()));
  for (const auto& [id, f] : store.files) {
    w.write_i64(id);
    w.write_i64(f.access_hash);
    w.write_bytes(f.file_reference);
    w.write_i32(f.dc_id);
    w.write_i32(f.date);
    w.write_bool(f.photo);
    w.write_string(f.thumb_size);
    w.write_bytes(f.bytes);
  }
}

void WorldFile::read_files(FileStore& store, tl::Reader& r) {
  for (std::uint32_t n = r.read_bare_vector_count(32); n > 0; --n) {
    const std::int64_t account = r.read_i64();
    Upload& upload = store.uploads[{account, r.read_i64()}];
    upload.total_parts = r.read_i32();
    const std::int64_t part_size = r.read_i64();
    if (part_size < 0) r.fail(tl::DecodeErrc::length_too_large, "a negative upload part size");
    upload.part_size = static_cast<std::size_t>(part_size);
    for (std::uint32_t parts = r.read_bare_vector_count(8); parts > 0; --parts) {
      const std::int32_t part = r.read_i32();
      upload.parts[part] = r.read_bytes();
    }
  }
  for (std::uint32_t n = r.read_bare_vector_count(40); n > 0; --n) {
    StoredFile& f = store.files[r.read_i64()];
    f.access_hash = r.read_i64();
    f.file_reference = r.read_bytes();
    f.dc_id = r.read_i32();
    f.date = r.read_i32();
    f.photo = r.read_bool();
    f.thumb_size = r.read_string();
    f.bytes = r.read_bytes();
  }
}

void WorldFile::write_sent(const std::map<std::int64_t, SentLog>& sent, tl::Writer& w) {
  w.write_u32(static_cast<std::uint32_t>(sent.size()));
  for (const auto& [account, log] : sent) {
    w.write_i64(account);
    w.write_u32(static_cast<std::uint32_t>(log.order.size()));
    for (const auto& key : log.order) {
      w.write_i64(key.first);
      w.write_i64(key.second);
      w.write_bytes(log.answers.at(key));
    }
  }
}

void WorldFile::read_sent(std::map<std::int64_t, SentLog>& sent, tl::Reader& r) {
  for (std::uint32_t n = r.read_bare_vector_count(12); n > 0; --n) {
    SentLog& log = sent[r.read_i64()];
    for (std::uint32_t entries = r.read_bare_vector_count(20); entries > 0; --entries) {
      const std::int64_t peer = r.read_i64();
      const SentLog::Key key{peer, r.read_i64()};
      if (log.answers.insert_or_assign(key, r.read_bytes()).second) log.order.push_back(key);
    }
  }
}

void WorldFile::write(const World& world, tl::Writer& w) {
  w.write_u32(kMagic);
  w.write_u32(kVersion);
  w.write_i64(world.next_account_id_);
  w.write_u32(static_cast<std::uint32_t>(world.accounts_.size()));
  for (const auto& [id, a] : world.accounts_) write_account(a, w);
  w.write_u32(static_cast<std::uint32_t>(world.keys_.size()));
  for (const auto& [where, k] : world.keys_) write_key(where.first, k, w);
  w.write_u32(static_cast<std::uint32_t>(world.mailboxes_.size()));
  for (const auto& [owner, box] : world.mailboxes_) write_mailbox(owner, box, w);
  w.write_u32(static_cast<std::uint32_t>(world.channels_.size()));
  for (const auto& [id, c] : world.channels_) write_channel(c, w);
  w.write_u32(static_cast<std::uint32_t>(world.groups_.size()));
  for (const auto& [id, g] : world.groups_) write_group(g, w);
  write_files(world.files_, w);
  write_sent(world.sent_, w);
}

void WorldFile::read(World& world, tl::Reader& r) {
  if (r.read_u32() != kMagic) r.fail(tl::DecodeErrc::unknown_constructor, "not a fake DC state file");
  const auto version = r.read_u32();
  if (version < 1 || version > kVersion) {
    r.fail(tl::DecodeErrc::unknown_constructor, "state file version " + std::to_string(version));
  }
  world.next_account_id_ = r.read_i64();
  for (std::uint32_t n = r.read_bare_vector_count(16); n > 0; --n) {
    Account a = read_account(r, version);
    world.accounts_[a.id] = std::move(a);
  }
  for (std::uint32_t n = r.read_bare_vector_count(crypto::kAuthKeySize); n > 0; --n)
    read_key(world, r, version);
  for (std::uint32_t n = r.read_bare_vector_count(16); n > 0; --n) read_mailbox(world, r, version);
  for (std::uint32_t n = r.read_bare_vector_count(32); n > 0; --n) read_channel(world, r, version);
  for (std::uint32_t n = r.read_bare_vector_count(28); n > 0; --n) read_group(world, r, version);
  if (version >= 2) read_files(world.files_, r);
  if (version >= 4) read_sent(world.sent_, r);
}

}  // namespace layer::fakedc
