// The state the fake DCs share: accounts (users and bots), the auth keys each
// DC knows and whom they are signed in as, every account's message box with
// its pts-numbered update log, the files uploaded to it, what its sends by
// random_id answered. It does no I/O; the services change it and push the
// Updates it produces to the sessions. save() and load() keep it across
// restarts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/rng.hpp"
#include "layer/mtproto/clock.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::fakedc {

struct Account {
  std::int64_t id = 0;
  std::int64_t access_hash = 0;
  std::string phone;  // empty for bots
  std::string first_name;
  std::string last_name;
  std::string username;
  bool bot = false;
  std::string bot_token;  // "id:secret", bots only
  // Two-step verification: the SRP salts and verifier g^x, never the password.
  struct Password {
    tl::Bytes salt1;
    tl::Bytes salt2;
    tl::Bytes verifier;
    std::string hint;
  };
  std::optional<Password> password;
  std::vector<std::int64_t> blocked;  // the accounts this one blocked (contacts.block)

  bool has_blocked(std::int64_t account) const;
};

// An auth key a DC knows, and the account it is signed in to.
struct KeyRecord {
  crypto::AuthKey key;
  std::int64_t salt = 0;                   // the first salt; later ones follow from the key (World::salt)
  std::optional<std::int32_t> expires_in;  // temporary keys: seconds from created
  std::optional<std::uint64_t> bound_to;   // the permanent key a temporary one is bound to
  std::optional<std::int64_t> account;
  std::optional<std::int64_t> awaiting_password;  // signed in up to the 2FA step
  std::int32_t salts_since = 0;                   // when the first salt's hour began
  // Set by World::add_key: when the key was made, and the world's count of
  // key uses when it last carried a packet (use_key), which orders eviction.
  std::int32_t created = 0;
  std::uint64_t last_use = 0;
  // Packets received under the key since this process made or loaded it (not
  // stored): a test sees that a PFS client's permanent key carries none.
  std::uint64_t packets = 0;
};

// Updates numbered by a counter of their own rather than by a mailbox's pts:
// an account's qts (what bots are told of members joining and of users
// stopping them) and seq (changes that carry neither pts nor qts, such as a
// basic group's member list).
struct UpdateSequence {
  struct Entry {
    std::int32_t number = 0;
    std::int32_t date = 0;
    tl::enums::Update update;
  };
  std::int32_t last = 0;
  std::vector<Entry> log;
};

// One account's private messages and basic-group messages share one id
// sequence and one pts sequence, as on Telegram.
struct Mailbox {
  struct Entry {
    std::int32_t pts = 0;
    std::int32_t pts_count = 0;
    std::int32_t date = 0;
    tl::enums::Update update;
  };
  std::int32_t pts = 0;
  std::int32_t next_message_id = 1;
  std::map<std::int32_t, tl::types::Message> messages;
  // A private message exists once per side: message id → {peer account, its id there}.
  std::map<std::int32_t, std::pair<std::int64_t, std::int32_t>> copies;
  std::vector<Entry> log;
  // An account's; a channel's box has neither.
  UpdateSequence qts;
  UpdateSequence seq;
  // The account's messages waiting for their date (each message's date), by
  // ids of their own, as on Telegram; they take a box id when they are sent.
  std::map<std::int32_t, tl::types::Message> scheduled;
  std::int32_t next_scheduled_id = 1;
};

// A channel or supergroup: one message box and pts sequence for everyone in it.
struct Channel {
  std::int64_t id = 0;
  std::int64_t access_hash = 0;
  std::string title;
  std::string username;
  std::string about;
  bool megagroup = false;  // a supergroup; otherwise a broadcast channel
  std::int64_t creator = 0;
  std::int32_t date = 0;
  std::vector<std::int64_t> members;
  Mailbox box;

  bool has_member(std::int64_t account) const;
  // Broadcast channels take posts from their creator only.
  bool can_post(std::int64_t account) const { return megagroup ? has_member(account) : account == creator; }
};

// A basic group: its messages live in each member's own mailbox, as on Telegram.
struct BasicGroup {
  std::int64_t id = 0;
  std::string title;
  std::int64_t creator = 0;
  std::int32_t date = 0;
  std::int32_t version = 0;  // counts membership changes
  std::vector<std::int64_t> members;
  // One entry per message, oldest first: each member's id of it in that
  // member's box. A pin or a reply names a message by the caller's id; this
  // finds every member's.
  using Copies = std::map<std::int64_t, std::int32_t>;
  std::vector<Copies> copies;

  bool has_member(std::int64_t account) const;
  // The copies of the message member's box holds as `id`; null when it is
  // none of this group's.
  const Copies* copies_of(std::int64_t member, std::int32_t id) const;
};

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

// What an account's sends with a random_id made (messages.sendMessage,
// sendMedia, forwardMessages), so that the same random_id again, from any of
// its sessions, is answered the same and makes no second message.
struct SentLog {
  using Key = std::pair<std::int64_t, std::int64_t>;  // (peer, random_id)
  std::map<Key, tl::Bytes> answers;                   // the first call's answer, in our layer
  std::deque<Key> order;                              // oldest first, to forget past the bound
};

// Uploads in flight and stored files; kept in the state file with the rest.
struct FileStore {
  std::map<std::pair<std::int64_t, std::int64_t>, Upload> uploads;  // (account, file_id)
  std::map<std::int64_t, StoredFile> files;                         // by document or photo id
};

class World {
 public:
  // How many keys a DC keeps that no account is signed in with, unless told
  // otherwise: every handshake makes one, so a client that makes them in a
  // loop must not grow the table without end.
  static constexpr std::size_t kUnauthorizedKeysPerDc = 4096;

  // rng draws ids, access hashes and tokens, and must outlive the world.
  World(std::function<mtproto::Time()> clock, crypto::Rng& rng,
        std::size_t unauthorized_keys_per_dc = kUnauthorizedKeysPerDc);

  std::int32_t now() const;

  Account& add_user(const std::string& phone, const std::string& first_name,
                    const std::string& last_name = {}, const std::string& username = {});
  // A bot with a fresh token ("id:secret").
  Account& add_bot(const std::string& first_name, const std::string& username);
  // Two-step verification, stored as an SRP verifier; costs 100000 PBKDF2 rounds.
  void set_password(Account& account, const std::string& password, const std::string& hint = {});
  Account* account(std::int64_t id);
  Account* account_by_phone(const std::string& phone);
  Account* account_by_username(const std::string& username);
  Account* account_by_token(const std::string& token);
  // The User object as viewer sees it (self flag, phone only to oneself).
  tl::types::User user_view(const Account& account, std::int64_t viewer) const;

  // The record as stored: an expired temporary key stays until use_key or
  // add_key forgets it.
  KeyRecord* key(std::int32_t dc, std::uint64_t key_id);
  // The key a packet came under, marked as the most recently used; null when
  // the DC does not know it, or it is a temporary key past its expiry, which
  // is forgotten then.
  KeyRecord* use_key(std::int32_t dc, std::uint64_t key_id);
  // A key a handshake made, dated now and counted as just used. The DC's
  // expired temporary keys are forgotten, and so are, past the world's limit,
  // the least recently used keys no account is signed in with (directly or
  // through the permanent key a temporary one is bound to). Never the new one.
  KeyRecord& add_key(std::int32_t dc, KeyRecord record);
  std::size_t key_count(std::int32_t dc) const;
  // Forgets the DC's temporary keys, or all its keys, as a DC that lost them
  // would: the next packet under one is answered with auth_key_not_found.
  void forget_keys(std::int32_t dc, bool temporary_only);
  // The record that says who a key is signed in as: a bound temporary key
  // speaks for its permanent key.
  KeyRecord* authority(std::int32_t dc, std::uint64_t key_id);

  Channel& add_channel(const std::string& title, std::int64_t creator, bool megagroup,
                       const std::string& username = {});
  Channel* channel(std::int64_t id);
  Channel* channel_by_username(const std::string& username);
  // The channels account is in.
  std::vector<Channel*> channels_of(std::int64_t account);
  tl::types::Channel channel_view(const Channel& channel, std::int64_t viewer) const;

  // Salts last an hour each (kSaltHour), counted from the key's salts_since;
  // the first is the one the key exchange made, the others derive from the key.
  static constexpr std::int32_t kSaltHour = 3600;
  std::int64_t salt(const KeyRecord& key, std::int32_t hour) const;
  // Which hour of the key's salts now falls in.
  std::int32_t salt_hour(const KeyRecord& key) const;

  BasicGroup& add_group(const std::string& title, std::int64_t creator);
  BasicGroup* group(std::int64_t id);
  tl::types::Chat group_view(const BasicGroup& group, std::int64_t viewer) const;

  Mailbox& mailbox(std::int64_t account) { return mailboxes_[account]; }
  // Every account's box that was ever used, by account.
  const std::map<std::int64_t, Mailbox>& mailboxes() const { return mailboxes_; }
  FileStore& files() { return files_; }
  // Appends an update that consumes pts_count to the account's log; returns the new pts.
  std::int32_t log_update(std::int64_t account, tl::enums::Update update, std::int32_t pts_count);
  // Logs the update build makes for the account's next qts, and returns it.
  tl::enums::Update log_qts_update(std::int64_t account,
                                   const std::function<tl::enums::Update(std::int32_t qts)>& build);
  // Logs updates under the account's next seq numbers, one each; returns the
  // first and the last.
  std::pair<std::int32_t, std::int32_t> log_seq_updates(std::int64_t account,
                                                        const std::vector<tl::enums::Update>& updates);

  std::int64_t random_id();

  // The random_ids of sends an account remembers: Telegram keeps them for
  // good; the fake DC forgets the oldest past this many.
  static constexpr std::size_t kRandomIdsPerAccount = 4096;
  // The answer of account's earlier send to peer with this random_id, or null.
  const tl::Bytes* sent_with(std::int64_t account, std::int64_t peer, std::int64_t random_id) const;
  // The answer of one send, under each of its random_ids (forwardMessages has several).
  void remember_sent(std::int64_t account, std::int64_t peer, std::span<const std::int64_t> random_ids,
                     const tl::Bytes& answer);

  void save(const std::string& path) const;
  // Replaces the world with the file's; throws std::runtime_error naming what is wrong.
  void load(const std::string& path);

 private:
  bool expired(const KeyRecord& key) const;
  bool signed_in(std::int32_t dc, const KeyRecord& key) const;
  // Forgets dc's expired temporary keys and its unauthorized keys past the
  // limit, least recently used first, sparing keep.
  void evict_keys(std::int32_t dc, std::uint64_t keep);

  std::function<mtproto::Time()> clock_;
  std::int64_t next_account_id_ = 1000000;
  crypto::Rng* rng_;
  std::map<std::int64_t, Account> accounts_;
  std::map<std::pair<std::int32_t, std::uint64_t>, KeyRecord> keys_;
  std::size_t unauthorized_keys_per_dc_;
  std::uint64_t key_uses_ = 0;  // the last KeyRecord::last_use handed out
  std::map<std::int64_t, Mailbox> mailboxes_;
  std::map<std::int64_t, Channel> channels_;
  std::map<std::int64_t, BasicGroup> groups_;
  FileStore files_;
  std::map<std::int64_t, SentLog> sent_;  // by account

  friend class WorldFile;
};

}  // namespace layer::fakedc
