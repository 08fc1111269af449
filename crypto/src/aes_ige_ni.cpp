#include "aes_ige_ni.hpp"

#if defined(__x86_64__) || defined(__i386__)

#include <emmintrin.h>
#include <wmmintrin.h>

#define LAYER_AESNI __attribute__((target("aes,sse2")))

namespace layer::crypto::detail {
namespace {

// Round keys on the stack are as secret as the key: every user wipes its schedule.
using Schedule = __m128i[15];

// Zero stores the compiler must keep (the empty asm claims to read the memory);
// cheaper than OPENSSL_cleanse's indirect memset on this 64-byte-message hot path.
LAYER_AESNI inline void wipe(Schedule& k) {
  for (__m128i& word : k) word = _mm_setzero_si128();
  __asm__ __volatile__("" : : "r"(&k) : "memory");
}

// One 128-bit word of the AES-256 schedule: each word is the one two steps back,
// XOR-prefix-summed across its four 32-bit lanes, XOR the broadcast lane of `assist`.
LAYER_AESNI inline __m128i next_word(__m128i two_back, __m128i assist) {
  two_back = _mm_xor_si128(two_back, _mm_slli_si128(two_back, 4));
  two_back = _mm_xor_si128(two_back, _mm_slli_si128(two_back, 8));
  return _mm_xor_si128(two_back, assist);
}

template <int Rcon>
LAYER_AESNI inline void expand_pair(__m128i* k, int i) {
  // Even words use RotWord+SubWord+Rcon of the previous word's last lane, odd
  // words only SubWord of its last lane (lane 2 of keygenassist with rcon 0).
  k[i] = next_word(k[i - 2], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(k[i - 1], Rcon), 0xFF));
  if (i + 1 < 15) {
    k[i + 1] = next_word(k[i - 1], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(k[i], 0), 0xAA));
  }
}

LAYER_AESNI void expand_encrypt_key(const std::byte* key, __m128i* k) {
  k[0] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key));
  k[1] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key + 16));
  expand_pair<0x01>(k, 2);
  expand_pair<0x02>(k, 4);
  expand_pair<0x04>(k, 6);
  expand_pair<0x08>(k, 8);
  expand_pair<0x10>(k, 10);
  expand_pair<0x20>(k, 12);
  expand_pair<0x40>(k, 14);
}

// The equivalent inverse cipher's schedule, reversed so decryption walks it forwards.
LAYER_AESNI void expand_decrypt_key(const std::byte* key, __m128i* d) {
  Schedule k;
  expand_encrypt_key(key, k);
  d[0] = k[14];
  for (int i = 1; i < 14; ++i) d[i] = _mm_aesimc_si128(k[14 - i]);
  d[14] = k[0];
  wipe(k);
}

LAYER_AESNI inline __m128i load(const std::byte* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
LAYER_AESNI inline void store(std::byte* p, __m128i v) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
}

LAYER_AESNI inline __m128i enc_rounds(__m128i s, const __m128i* k) {
  for (int r = 1; r < 14; ++r) s = _mm_aesenc_si128(s, k[r]);
  return s;
}

LAYER_AESNI inline __m128i dec_rounds(__m128i s, const __m128i* d) {
  for (int r = 1; r < 14; ++r) s = _mm_aesdec_si128(s, d[r]);
  return s;
}

}  // namespace

bool aesni_supported() noexcept {
  __builtin_cpu_init();  // may run from a static initialiser before libgcc's own
  return __builtin_cpu_supports("aes") && __builtin_cpu_supports("sse2");
}

// y_i = E(x_i ^ y_{i-1}) ^ x_{i-1}. The last round ends with a key XOR, so XORing
// x_{i-1} and the next block's whitening (k0 ^ x_{i+1}) into that key makes the
// last round emit the next block's initial state directly: the serial chain is
// just the 14 AES rounds per block, as short as CBC's.
LAYER_AESNI void aesni_ige_encrypt(const std::byte* key, const std::byte* iv, const std::byte* in,
                                   std::byte* out, std::size_t blocks) noexcept {
  if (blocks == 0) return;
  Schedule k;
  expand_encrypt_key(key, k);
  __m128i x_prev = load(iv + 16);
  __m128i x = load(in);
  __m128i state = _mm_xor_si128(_mm_xor_si128(x, k[0]), load(iv));
  for (std::size_t i = 0; i + 1 < blocks; ++i) {
    const __m128i x_next = load(in + 16 * (i + 1));
    const __m128i whitening = _mm_xor_si128(k[0], x_next);
    const __m128i last = _mm_xor_si128(_mm_xor_si128(k[14], x_prev), whitening);
    state = _mm_aesenclast_si128(enc_rounds(state, k), last);
    store(out + 16 * i, _mm_xor_si128(state, whitening));
    x_prev = x;
    x = x_next;
  }
  store(out + 16 * (blocks - 1), _mm_aesenclast_si128(enc_rounds(state, k), _mm_xor_si128(k[14], x_prev)));
  wipe(k);
}

// x_i = D(y_i ^ x_{i-1}) ^ y_{i-1}, with the same folding as encryption.
LAYER_AESNI void aesni_ige_decrypt(const std::byte* key, const std::byte* iv, const std::byte* in,
                                   std::byte* out, std::size_t blocks) noexcept {
  if (blocks == 0) return;
  Schedule d;
  expand_decrypt_key(key, d);
  __m128i y_prev = load(iv);
  __m128i y = load(in);
  __m128i state = _mm_xor_si128(_mm_xor_si128(y, d[0]), load(iv + 16));
  for (std::size_t i = 0; i + 1 < blocks; ++i) {
    const __m128i y_next = load(in + 16 * (i + 1));
    const __m128i whitening = _mm_xor_si128(d[0], y_next);
    const __m128i last = _mm_xor_si128(_mm_xor_si128(d[14], y_prev), whitening);
    state = _mm_aesdeclast_si128(dec_rounds(state, d), last);
    store(out + 16 * i, _mm_xor_si128(state, whitening));
    y_prev = y;
    y = y_next;
  }
  store(out + 16 * (blocks - 1), _mm_aesdeclast_si128(dec_rounds(state, d), _mm_xor_si128(d[14], y_prev)));
  wipe(d);
}

}  // namespace layer::crypto::detail

#else

namespace layer::crypto::detail {

bool aesni_supported() noexcept {
  return false;
}
void aesni_ige_encrypt(const std::byte*, const std::byte*, const std::byte*, std::byte*,
                       std::size_t) noexcept {}
void aesni_ige_decrypt(const std::byte*, const std::byte*, const std::byte*, std::byte*,
                       std::size_t) noexcept {}

}  // namespace layer::crypto::detail

#endif
