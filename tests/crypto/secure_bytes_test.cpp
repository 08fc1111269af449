#include <array>
#include <ostream>
#include <utility>

#include <gtest/gtest.h>

#include "layer/crypto/auth_key.hpp"
#include "layer/crypto/mtproto_kdf.hpp"
#include "layer/crypto/secure_bytes.hpp"
#include "test_util.hpp"

namespace layer::crypto {
namespace {

using test::hex;

// Key material must never reach a log by accident: none of the key types may have an
// operator<<, not even through an implicit conversion.
template <class T>
concept Streamable = requires(std::ostream& os, const T& value) {
  os << value;
};

static_assert(Streamable<int>, "the concept must detect a streamable type");
static_assert(!Streamable<AuthKey>);
static_assert(!Streamable<SecureBytes>);
static_assert(!Streamable<SecureArray<16>>);
static_assert(!Streamable<SecureArray<32>>);
static_assert(!Streamable<SecureArray<kAuthKeySize>>);
static_assert(!Streamable<TmpAesKeyIv>);
static_assert(!Streamable<MessageKeyIv>);

TEST(SecureArray, TakingATemporaryArrayWipesIt) {
  std::array<std::byte, 4> plain{std::byte{1}, std::byte{2}, std::byte{3}, std::byte{4}};
  const SecureArray<4> secure(std::move(plain));
  EXPECT_EQ(hex(secure.span()), "01020304");
  EXPECT_EQ(hex(plain), "00000000");  // NOLINT(bugprone-use-after-move): the wipe is the point
}

TEST(SecureArray, CopyingFromASpanLeavesTheSourceAlone) {
  const std::array<std::byte, 2> plain{std::byte{0xab}, std::byte{0xcd}};
  const SecureArray<2> secure{std::span<const std::byte, 2>(plain)};
  EXPECT_EQ(hex(secure.span()), "abcd");
  EXPECT_EQ(hex(plain), "abcd");
}

}  // namespace
}  // namespace layer::crypto
