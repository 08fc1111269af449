#include "layer/fakedc/world.hpp"

#include "layer/crypto/dh.hpp"
#include "layer/crypto/sha.hpp"
#include "layer/crypto/srp.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>

namespace layer::fakedc {
namespace {

template <class Map, class Key>
typename Map::mapped_type* find_by_id(Map& map, const Key& id) {
  const auto it = map.find(id);
  return it == map.end() ? nullptr : &it->second;
}

// The range of keys_ that holds dc's keys.
template <class Keys>
auto keys_of(Keys& keys, std::int32_t dc) {
  return std::pair(keys.lower_bound({dc, 0}),
                   keys.upper_bound({dc, std::numeric_limits<std::uint64_t>::max()}));
}

bool is_member(const std::vector<std::int64_t>& members, std::int64_t account) {
  return std::find(members.begin(), members.end(), account) != members.end();
}

// A new channel or basic group under id, made now, its creator its first member.
template <class Chat>
Chat& found(std::map<std::int64_t, Chat>& chats, std::int64_t id, const std::string& title,
            std::int64_t creator, std::int32_t date) {
  Chat& c = chats[id];
  c.id = id;
  c.title = title;
  c.creator = creator;
  c.date = date;
  c.members.push_back(creator);
  return c;
}

}  // namespace

World::World(std::function<mtproto::Time()> clock, crypto::Rng& rng, std::size_t unauthorized_keys_per_dc)
    : clock_(std::move(clock)), rng_(&rng), unauthorized_keys_per_dc_(unauthorized_keys_per_dc) {}

std::int32_t World::now() const {
  return static_cast<std::int32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count());
}

std::int64_t World::random_id() {
  std::int64_t v = 0;
  rng_->fill(std::as_writable_bytes(std::span(&v, 1)));
  return v;
}

const tl::Bytes* World::sent_with(std::int64_t account, std::int64_t peer, std::int64_t random_id) const {
  const auto log = sent_.find(account);
  if (log == sent_.end()) return nullptr;
  const auto it = log->second.answers.find({peer, random_id});
  return it == log->second.answers.end() ? nullptr : &it->second;
}

void World::remember_sent(std::int64_t account, std::int64_t peer, std::span<const std::int64_t> random_ids,
                          const tl::Bytes& answer) {
  SentLog& log = sent_[account];
  for (const std::int64_t id : random_ids) {
    if (log.answers.insert_or_assign({peer, id}, answer).second) log.order.push_back({peer, id});
  }
  while (log.order.size() > kRandomIdsPerAccount) {
    log.answers.erase(log.order.front());
    log.order.pop_front();
  }
}

Account& World::add_user(const std::string& phone, const std::string& first_name,
                         const std::string& last_name, const std::string& username) {
  const std::int64_t id = next_account_id_++;
  Account& a = accounts_[id];
  a.id = id;
  a.access_hash = random_id();
  a.phone = phone;
  a.first_name = first_name;
  a.last_name = last_name;
  a.username = username;
  return a;
}

Account& World::add_bot(const std::string& first_name, const std::string& username) {
  Account& a = add_user({}, first_name, {}, username);
  a.bot = true;
  char secret[17];
  std::snprintf(secret, sizeof secret, "%016llx", static_cast<unsigned long long>(random_id()));
  a.bot_token = std::to_string(a.id) + ":" + secret;
  return a;
}

void World::set_password(Account& account, const std::string& password, const std::string& hint) {
  Account::Password p;
  p.salt1.resize(8);
  p.salt2.resize(16);
  rng_->fill(p.salt1);
  rng_->fill(p.salt2);
  const auto x =
      crypto::srp_password_hash(std::as_bytes(std::span(password.data(), password.size())), p.salt1, p.salt2);
  const auto v = crypto::srp_verifier({p.salt1, p.salt2, 3, crypto::telegram_dh_prime()}, x);
  if (!v) throw std::runtime_error("cannot make an SRP verifier: " + v.error().message());
  p.verifier.assign(v->begin(), v->end());
  p.hint = hint;
  account.password = std::move(p);
}

Account* World::account(std::int64_t id) {
  return find_by_id(accounts_, id);
}

namespace {

template <class Map, class Pred>
Account* find_account(Map& accounts, Pred pred) {
  const auto it =
      std::find_if(accounts.begin(), accounts.end(), [&](const auto& entry) { return pred(entry.second); });
  return it == accounts.end() ? nullptr : &it->second;
}

bool same_username(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
    return std::tolower(x) == std::tolower(y);
  });
}

}  // namespace

Account* World::account_by_phone(const std::string& phone) {
  return find_account(accounts_, [&](const Account& a) { return !a.bot && a.phone == phone; });
}

Account* World::account_by_username(const std::string& username) {
  return find_account(accounts_, [&](const Account& a) { return same_username(a.username, username); });
}

Account* World::account_by_token(const std::string& token) {
  return find_account(accounts_, [&](const Account& a) { return a.bot && a.bot_token == token; });
}

tl::types::User World::user_view(const Account& a, std::int64_t viewer) const {
  tl::types::User u;
  u.id = a.id;
  u.self = a.id == viewer;
  u.bot = a.bot;
  u.access_hash = a.access_hash;
  u.first_name = a.first_name;
  if (!a.last_name.empty()) u.last_name = a.last_name;
  if (!a.username.empty()) u.username = a.username;
  if (u.self && !a.phone.empty()) u.phone = a.phone;
  if (a.bot) u.bot_info_version = 1;
  u.status = tl::types::UserStatusEmpty{};
  return u;
}

bool Account::has_blocked(std::int64_t account) const {
  return is_member(blocked, account);
}

bool Channel::has_member(std::int64_t account) const {
  return is_member(members, account);
}

Channel& World::add_channel(const std::string& title, std::int64_t creator, bool megagroup,
                            const std::string& username) {
  Channel& c = found(channels_, next_account_id_++, title, creator, now());
  c.access_hash = random_id();
  c.username = username;
  c.megagroup = megagroup;
  return c;
}

Channel* World::channel(std::int64_t id) {
  return find_by_id(channels_, id);
}

Channel* World::channel_by_username(const std::string& username) {
  for (auto& [id, c] : channels_) {
    if (same_username(c.username, username)) return &c;
  }
  return nullptr;
}

std::vector<Channel*> World::channels_of(std::int64_t account) {
  std::vector<Channel*> out;
  for (auto& [id, c] : channels_) {
    if (c.has_member(account)) out.push_back(&c);
  }
  return out;
}

tl::types::Channel World::channel_view(const Channel& c, std::int64_t viewer) const {
  tl::types::Channel v;
  v.id = c.id;
  v.access_hash = c.access_hash;
  v.title = c.title;
  if (!c.username.empty()) v.username = c.username;
  v.photo = tl::types::ChatPhotoEmpty{};
  v.date = c.date;
  v.megagroup = c.megagroup;
  v.broadcast = !c.megagroup;
  v.creator = c.creator == viewer;
  v.left = !c.has_member(viewer);
  v.participants_count = static_cast<std::int32_t>(c.members.size());
  return v;
}

bool BasicGroup::has_member(std::int64_t account) const {
  return is_member(members, account);
}

const BasicGroup::Copies* BasicGroup::copies_of(std::int64_t member, std::int32_t id) const {
  // Newest first: pins and replies are mostly of recent messages.
  for (auto it = copies.rbegin(); it != copies.rend(); ++it) {
    const auto mine = it->find(member);
    if (mine != it->end() && mine->second == id) return &*it;
  }
  return nullptr;
}

BasicGroup& World::add_group(const std::string& title, std::int64_t creator) {
  return found(groups_, next_account_id_++, title, creator, now());
}

BasicGroup* World::group(std::int64_t id) {
  return find_by_id(groups_, id);
}

tl::types::Chat World::group_view(const BasicGroup& g, std::int64_t viewer) const {
  tl::types::Chat v;
  v.id = g.id;
  v.title = g.title;
  v.photo = tl::types::ChatPhotoEmpty{};
  v.participants_count = static_cast<std::int32_t>(g.members.size());
  v.date = g.date;
  v.version = g.version;
  v.creator = g.creator == viewer;
  v.left = !g.has_member(viewer);
  return v;
}

KeyRecord* World::key(std::int32_t dc, std::uint64_t key_id) {
  return find_by_id(keys_, std::pair{dc, key_id});
}

std::int64_t World::salt(const KeyRecord& key, std::int32_t hour) const {
  if (hour <= 0) return key.salt;
  std::array<std::byte, 36> input{};
  std::copy_n(key.key.bytes().begin(), 32, input.begin());
  for (int i = 0; i < 4; ++i)
    input[32 + static_cast<std::size_t>(i)] = static_cast<std::byte>(hour >> (8 * i));
  const auto digest = crypto::sha256(input);
  std::int64_t out = 0;
  std::memcpy(&out, digest.data(), sizeof out);
  return out;
}

std::int32_t World::salt_hour(const KeyRecord& key) const {
  return std::max(0, (now() - key.salts_since) / kSaltHour);
}

KeyRecord* World::use_key(std::int32_t dc, std::uint64_t key_id) {
  const auto it = keys_.find({dc, key_id});
  if (it == keys_.end()) return nullptr;
  if (expired(it->second)) {
    keys_.erase(it);
    return nullptr;
  }
  it->second.last_use = ++key_uses_;
  ++it->second.packets;
  return &it->second;
}

KeyRecord& World::add_key(std::int32_t dc, KeyRecord record) {
  const std::uint64_t id = record.key.id();
  record.created = now();
  record.last_use = ++key_uses_;
  KeyRecord& added = keys_.insert_or_assign({dc, id}, std::move(record)).first->second;
  evict_keys(dc, id);
  return added;
}

std::size_t World::key_count(std::int32_t dc) const {
  const auto [first, last] = keys_of(keys_, dc);
  return static_cast<std::size_t>(std::distance(first, last));
}

void World::forget_keys(std::int32_t dc, bool temporary_only) {
  const auto [first, last] = keys_of(keys_, dc);
  std::vector<std::uint64_t> gone;
  for (auto it = first; it != last; ++it) {
    if (!temporary_only || it->second.expires_in) gone.push_back(it->first.second);
  }
  for (const std::uint64_t id : gone) keys_.erase({dc, id});
}

bool World::expired(const KeyRecord& key) const {
  return key.expires_in && now() >= key.created + *key.expires_in;
}

bool World::signed_in(std::int32_t dc, const KeyRecord& key) const {
  if (key.account) return true;
  if (!key.bound_to) return false;
  const auto perm = keys_.find({dc, *key.bound_to});
  return perm != keys_.end() && perm->second.account.has_value();
}

void World::evict_keys(std::int32_t dc, std::uint64_t keep) {
  std::vector<std::uint64_t> gone;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> unauthorized;  // (last_use, key id)
  std::size_t limit = unauthorized_keys_per_dc_;
  const auto [first, last] = keys_of(keys_, dc);
  for (auto it = first; it != last; ++it) {
    const auto& [where, record] = *it;
    if (where.second == keep) {
      // The new key takes its place under the limit, but is never the one to go.
      if (!signed_in(dc, record) && limit > 0) --limit;
    } else if (expired(record)) {
      gone.push_back(where.second);
    } else if (!signed_in(dc, record)) {
      unauthorized.emplace_back(record.last_use, where.second);
    }
  }
  if (unauthorized.size() > limit) {
    const auto oldest = unauthorized.begin() + static_cast<std::ptrdiff_t>(unauthorized.size() - limit);
    std::nth_element(unauthorized.begin(), oldest, unauthorized.end());
    for (auto it = unauthorized.begin(); it != oldest; ++it) gone.push_back(it->second);
  }
  for (const std::uint64_t id : gone) keys_.erase({dc, id});
}

KeyRecord* World::authority(std::int32_t dc, std::uint64_t key_id) {
  KeyRecord* record = key(dc, key_id);
  if (record != nullptr && record->bound_to) return key(dc, *record->bound_to);
  return record;
}

tl::enums::Update World::log_qts_update(std::int64_t account,
                                        const std::function<tl::enums::Update(std::int32_t qts)>& build) {
  UpdateSequence& qts = mailboxes_[account].qts;
  auto update = build(qts.last + 1);
  qts.log.push_back({++qts.last, now(), update});
  return update;
}

std::pair<std::int32_t, std::int32_t> World::log_seq_updates(std::int64_t account,
                                                             const std::vector<tl::enums::Update>& updates) {
  UpdateSequence& seq = mailboxes_[account].seq;
  const std::int32_t first = seq.last + 1;
  for (const auto& update : updates) seq.log.push_back({++seq.last, now(), update});
  return {first, seq.last};
}

std::int32_t World::log_update(std::int64_t account, tl::enums::Update update, std::int32_t pts_count) {
  Mailbox& box = mailboxes_[account];
  box.pts += pts_count;
  box.log.push_back({box.pts, pts_count, now(), std::move(update)});
  return box.pts;
}

}  // namespace layer::fakedc
