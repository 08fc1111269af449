// Session strings: a round trip of every field, and a clear bad_session_string
// (never a crash or a half-read session) for anything else.
#include <gtest/gtest.h>

#include <string>

#include "layer/client/errors.hpp"
#include "layer/client/string_session.hpp"
#include "session_fixtures.hpp"

namespace layer::client::test {
namespace {

// What a string session carries: everything but the peers, which a client
// meets again.
SessionData portable(SessionData d) {
  d.peers.clear();
  return d;
}

void expect_bad(const std::string& text, const std::string& in_message) {
  expect_code([&] { import_session(text); }, client_errc::bad_session_string, in_message);
}

TEST(StringSession, FullSessionRoundTrips) {
  const std::string text = export_session(full_session());
  EXPECT_TRUE(text.starts_with("layer1:"));
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 7),
            std::string::npos);
  expect_same(import_session(text), portable(full_session()));
}

TEST(StringSession, EmptySessionRoundTrips) {
  expect_empty(import_session(export_session(SessionData{})));
}

TEST(StringSession, SurroundingWhitespaceIsIgnored) {
  expect_same(import_session("  " + export_session(full_session()) + "\r\n"), portable(full_session()));
}

TEST(StringSession, WrongPrefix) {
  expect_bad("", "not a layer session string");
  expect_bad("1BQANOTAKEY", "not a layer session string");
  expect_bad("layer9:AAAA", "a version this build cannot read");
}

TEST(StringSession, NotBase64url) {
  std::string text = export_session(full_session());
  text[20] = '+';
  expect_bad(text, "base64url");
  expect_bad(export_session(full_session()) + "=", "base64url");
}

TEST(StringSession, EveryTruncationIsRefused) {
  const std::string text = export_session(full_session());
  for (std::size_t n = 7; n < text.size(); ++n) {
    SCOPED_TRACE(n);
    expect_code([&] { import_session(text.substr(0, n)); }, client_errc::bad_session_string,
                "session string");
  }
}

TEST(StringSession, EveryChangedCharacterIsRefused) {
  const std::string text = export_session(full_session());
  for (std::size_t i = 7; i < text.size(); ++i) {
    std::string damaged = text;
    damaged[i] = damaged[i] == 'A' ? 'B' : 'A';
    SCOPED_TRACE(i);
    try {
      import_session(damaged);
      // The last character may carry only padding bits, which decode to the
      // same bytes; anything else must be caught.
      EXPECT_EQ(i, text.size() - 1);
    } catch (const std::system_error& e) {
      EXPECT_EQ(e.code(), client_errc::bad_session_string) << e.what();
    }
  }
}

TEST(StringSession, ChecksumMismatchIsNamed) {
  std::string text = export_session(full_session());
  text[30] = text[30] == 'A' ? 'B' : 'A';
  expect_bad(text, "checksum mismatch");
}

TEST(StringSession, ErrorMessagesDoNotContainTheInput) {
  std::string text = export_session(full_session());
  text[30] = text[30] == 'A' ? 'B' : 'A';
  try {
    import_session(text);
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(std::string(e.what()).find(text.substr(7, 16)), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace layer::client::test
