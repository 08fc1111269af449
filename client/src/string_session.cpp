#include "layer/client/string_session.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <system_error>
#include <type_traits>

#include "base64url.hpp"
#include "layer/client/errors.hpp"

// The record, all integers little-endian, every count a u32:
//   i32 home_dc, u8 flags (1 self, 2 bot, 4 updates), [i64 self_id],
//   [i32 pts, qts, date, seq],
//   count × dc: i32 dc_id, u8 flags (1 authorized, 2 session_id), 256-byte key,
//     i64 salt, i32 time_offset, [i64 session_id], i32 content_count,
//     i64 last_msg_id, count × (i64 valid_since, valid_until, salt),
//   count × address: i32 dc_id, u16 port, u8 flags (1 media_only, 2 ipv6),
//     count × host byte,
//   count × channel: i64 channel_id, i32 pts,
//   u32 CRC-32 of everything before it.
// A change of layout is a new prefix; "layer1:" strings stay readable.

namespace layer::client {
namespace {

std::uint32_t checksum(std::span<const std::byte> data) {
  return static_cast<std::uint32_t>(
      crc32_z(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<z_size_t>(data.size())));
}

constexpr std::string_view kPrefix = "layer1:";

enum : std::uint8_t { kHasSelf = 1, kSelfIsBot = 2, kHasUpdates = 4 };
enum : std::uint8_t { kAuthorized = 1, kHasSessionId = 2 };
enum : std::uint8_t { kMediaOnly = 1, kIpv6 = 2 };

[[noreturn]] void bad(const std::string& what) {
  throw std::system_error(make_error_code(client_errc::bad_session_string), "session string: " + what);
}

// With a null buffer it only counts, so that the record is written once into
// memory of the right size.
class Writer {
 public:
  explicit Writer(std::byte* out) noexcept : out_(out) {}

  template <class T>
  void integer(T v) {
    for (std::size_t i = 0; i < sizeof(T); ++i) {
      byte(static_cast<std::byte>(static_cast<std::make_unsigned_t<T>>(v) >> (8 * i) & 0xff));
    }
  }
  void count(std::size_t n) { integer(static_cast<std::uint32_t>(n)); }
  void bytes(std::span<const std::byte> b) {
    if (out_) std::memcpy(out_ + size_, b.data(), b.size());
    size_ += b.size();
  }
  std::size_t size() const noexcept { return size_; }

 private:
  void byte(std::byte b) {
    if (out_) out_[size_] = b;
    ++size_;
  }

  std::byte* out_;
  std::size_t size_ = 0;
};

void write_record(Writer& w, const SessionData& d) {
  w.integer(d.home_dc);
  w.integer<std::uint8_t>((d.self_id ? kHasSelf : 0) | (d.self_is_bot ? kSelfIsBot : 0) |
                          (d.updates ? kHasUpdates : 0));
  if (d.self_id) w.integer(*d.self_id);
  if (d.updates) {
    w.integer(d.updates->pts);
    w.integer(d.updates->qts);
    w.integer(d.updates->date);
    w.integer(d.updates->seq);
  }
  w.count(d.dcs.size());
  for (const DcAuth& dc : d.dcs) {
    const mtproto::SessionSnapshot& s = dc.session;
    w.integer(dc.dc_id);
    w.integer<std::uint8_t>((dc.authorized ? kAuthorized : 0) | (s.session_id ? kHasSessionId : 0));
    w.bytes(s.key.bytes());
    w.integer(s.salt);
    w.integer(s.time_offset);
    if (s.session_id) w.integer(*s.session_id);
    w.integer(s.content_count);
    w.integer(s.last_msg_id);
    w.count(s.future_salts.size());
    for (const mtproto::ScheduledSalt& salt : s.future_salts) {
      w.integer(salt.valid_since);
      w.integer(salt.valid_until);
      w.integer(salt.salt);
    }
  }
  w.count(d.addresses.size());
  for (const DcAddress& a : d.addresses) {
    w.integer(a.dc_id);
    w.integer(a.port);
    w.integer<std::uint8_t>((a.media_only ? kMediaOnly : 0) | (a.ipv6 ? kIpv6 : 0));
    w.count(a.host.size());
    w.bytes(std::as_bytes(std::span(a.host)));
  }
  w.count(d.channels.size());
  for (const ChannelPts& c : d.channels) {
    w.integer(c.channel_id);
    w.integer(c.pts);
  }
}

class Reader {
 public:
  explicit Reader(std::span<const std::byte> in) noexcept : in_(in) {}

  template <class T>
  T integer() {
    using U = std::make_unsigned_t<T>;
    const auto b = take(sizeof(T), "integer");
    U v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      v = static_cast<U>(v | static_cast<U>(std::to_integer<U>(b[i]) << (8 * i)));
    return static_cast<T>(v);
  }
  std::uint8_t flags(std::uint8_t known, const char* what) {
    const auto f = integer<std::uint8_t>();
    if (f & ~known) bad(std::string("unknown ") + what + " flags");
    return f;
  }
  std::uint32_t count() { return integer<std::uint32_t>(); }
  std::span<const std::byte> take(std::size_t n, const char* what) {
    if (n > in_.size() - pos_) bad(std::string("truncated (in ") + what + ")");
    auto out = in_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  bool done() const noexcept { return pos_ == in_.size(); }

 private:
  std::span<const std::byte> in_;
  std::size_t pos_ = 0;
};

DcAuth read_dc(Reader& r) {
  const auto dc_id = r.integer<std::int32_t>();
  const auto flags = r.flags(kAuthorized | kHasSessionId, "DC");
  // Braced initialisers run in order, the order of the record.
  mtproto::SessionSnapshot s{
      .key = crypto::AuthKey(r.take(crypto::kAuthKeySize, "auth key").first<crypto::kAuthKeySize>()),
      .salt = r.integer<std::int64_t>(),
      .future_salts = {},
      .time_offset = r.integer<std::int32_t>(),
      .session_id = (flags & kHasSessionId) ? std::optional(r.integer<std::int64_t>()) : std::nullopt,
      .content_count = r.integer<std::int32_t>(),
      .last_msg_id = r.integer<std::int64_t>(),
  };
  for (auto n = r.count(); n > 0; --n) {
    mtproto::ScheduledSalt salt;
    salt.valid_since = r.integer<std::int64_t>();
    salt.valid_until = r.integer<std::int64_t>();
    salt.salt = r.integer<std::int64_t>();
    s.future_salts.push_back(salt);
  }
  return DcAuth{.dc_id = dc_id, .session = std::move(s), .authorized = (flags & kAuthorized) != 0};
}

SessionData read_record(Reader& r) {
  SessionData d;
  d.home_dc = r.integer<std::int32_t>();
  const auto flags = r.flags(kHasSelf | kSelfIsBot | kHasUpdates, "session");
  if (flags & kHasSelf) d.self_id = r.integer<std::int64_t>();
  d.self_is_bot = (flags & kSelfIsBot) != 0;
  if (flags & kHasUpdates) {
    UpdateState u;
    u.pts = r.integer<std::int32_t>();
    u.qts = r.integer<std::int32_t>();
    u.date = r.integer<std::int32_t>();
    u.seq = r.integer<std::int32_t>();
    d.updates = u;
  }
  for (auto n = r.count(); n > 0; --n) {
    DcAuth dc = read_dc(r);
    if (std::any_of(d.dcs.begin(), d.dcs.end(), [&](const DcAuth& o) { return o.dc_id == dc.dc_id; })) {
      bad("DC " + std::to_string(dc.dc_id) + " appears twice");
    }
    d.dcs.push_back(std::move(dc));
  }
  for (auto n = r.count(); n > 0; --n) {
    DcAddress a;
    a.dc_id = r.integer<std::int32_t>();
    a.port = r.integer<std::uint16_t>();
    const auto f = r.flags(kMediaOnly | kIpv6, "address");
    a.media_only = (f & kMediaOnly) != 0;
    a.ipv6 = (f & kIpv6) != 0;
    const auto host = r.take(r.count(), "host");
    a.host.assign(reinterpret_cast<const char*>(host.data()), host.size());
    d.addresses.push_back(std::move(a));
  }
  for (auto n = r.count(); n > 0; --n) {
    ChannelPts c;
    c.channel_id = r.integer<std::int64_t>();
    c.pts = r.integer<std::int32_t>();
    if (std::any_of(d.channels.begin(), d.channels.end(),
                    [&](const ChannelPts& o) { return o.channel_id == c.channel_id; })) {
      bad("channel " + std::to_string(c.channel_id) + " appears twice");
    }
    d.channels.push_back(c);
  }
  if (!r.done()) bad("unexpected bytes after the record");
  return d;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

std::string export_session(const SessionData& data) {
  Writer counter(nullptr);
  write_record(counter, data);
  crypto::SecureBytes record(counter.size() + sizeof(std::uint32_t));
  Writer w(record.data());
  write_record(w, data);
  w.integer(checksum(record.span().first(counter.size())));
  std::string text(kPrefix);
  base64url_append(text, record.span());
  return text;
}

SessionData import_session(std::string_view text) {
  text = trim(text);
  if (!text.starts_with(kPrefix)) {
    if (text.starts_with("layer")) bad("a version this build cannot read (it reads \"layer1:\" strings)");
    bad("not a layer session string (it should start with \"layer1:\")");
  }
  std::optional<crypto::SecureBytes> record = base64url_decode(text.substr(kPrefix.size()));
  if (!record) bad("not valid base64url after \"layer1:\"");
  const auto bytes = record->span();
  if (bytes.size() < sizeof(std::uint32_t)) bad("truncated");
  const auto body = bytes.first(bytes.size() - sizeof(std::uint32_t));
  Reader crc(bytes.last(sizeof(std::uint32_t)));
  if (crc.integer<std::uint32_t>() != checksum(body))
    bad("checksum mismatch: the string is damaged or truncated");
  Reader r(body);
  return read_record(r);
}

}  // namespace layer::client
