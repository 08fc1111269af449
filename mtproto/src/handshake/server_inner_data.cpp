// req_DH_params on the server: the RSA-encrypted p_q_inner_data, in any of its four
// constructors and either RSA scheme, checked against what resPQ announced.
#include <cstdlib>

#include "common.hpp"
#include "layer/mtproto/handshake/server.hpp"

namespace layer::mtproto::handshake {

namespace {

using detail::fail;

struct InnerFields {
  std::string pq, p, q;
  tl::Int128 nonce{};
  tl::Int128 server_nonce{};
  crypto::SecureArray<32> new_nonce;
  std::optional<std::int32_t> dc;
  std::optional<std::int32_t> expires_in;
};

template <class T>
bool extract(tl::enums::PQInnerData& boxed, InnerFields& out) {
  auto* inner = boxed.as<T>();
  if (!inner) return false;
  out.pq = inner->pq;
  out.p = inner->p;
  out.q = inner->q;
  out.nonce = inner->nonce;
  out.server_nonce = inner->server_nonce;
  out.new_nonce = crypto::SecureArray<32>(inner->new_nonce);
  crypto::detail::cleanse(inner->new_nonce.data(), inner->new_nonce.size());
  if constexpr (requires { inner->dc; }) out.dc = inner->dc;
  if constexpr (requires { inner->expires_in; }) out.expires_in = inner->expires_in;
  return true;
}

// RSA_PAD hands back all 192 bytes with the padding, so bytes after the object are expected.
Result<InnerFields> read_inner(std::span<const std::byte> data) {
  InnerFields out;
  try {
    tl::Reader r(data);
    auto boxed = tl::read<tl::enums::PQInnerData>(r);
    const bool known =
        extract<tl::types::PQInnerData>(boxed, out) || extract<tl::types::PQInnerDataDc>(boxed, out) ||
        extract<tl::types::PQInnerDataTemp>(boxed, out) || extract<tl::types::PQInnerDataTempDc>(boxed, out);
    if (!known) return fail(handshake_errc::bad_inner_data);
  } catch (const tl::DecodeError&) {
    return fail(handshake_errc::bad_inner_data);
  }
  return out;
}

bool dc_matches(std::int32_t ours, std::optional<std::int32_t> theirs) {
  if (ours == 0 || !theirs) return true;
  const std::int64_t id = std::abs(static_cast<std::int64_t>(*theirs));
  return id == ours || id == ours + 10000;
}

}  // namespace

Result<HandshakeServer::DhSent> HandshakeServer::accept_inner_data(
    const PqSent& sent, const tl::functions::ReqDHParams& request) const {
  if (request.nonce != sent.nonce) return fail(handshake_errc::nonce_mismatch);
  if (request.server_nonce != sent.server_nonce) return fail(handshake_errc::server_nonce_mismatch);
  if (request.public_key_fingerprint != key_.public_key().fingerprint()) {
    return fail(handshake_errc::unknown_fingerprint);
  }
  if (detail::be_value(request.p) != sent.p || detail::be_value(request.q) != sent.q) {
    return fail(handshake_errc::bad_p_q);
  }
  auto decrypted = key_.decrypt_inner_data(detail::as_bytes(request.encrypted_data));
  if (!decrypted) return fail(handshake_errc::bad_inner_data);
  auto inner = read_inner(decrypted->data.span());
  if (!inner) return inner.error();

  if (detail::be_value(inner->pq) != sent.p * sent.q || detail::be_value(inner->p) != sent.p ||
      detail::be_value(inner->q) != sent.q) {
    return fail(handshake_errc::bad_p_q);
  }
  if (inner->nonce != sent.nonce) return fail(handshake_errc::nonce_mismatch);
  if (inner->server_nonce != sent.server_nonce) return fail(handshake_errc::server_nonce_mismatch);
  if ((inner->expires_in && *inner->expires_in <= 0) || !dc_matches(options_.dc_id, inner->dc)) {
    return fail(handshake_errc::bad_inner_data);
  }

  DhSent next;
  next.nonce = sent.nonce;
  next.server_nonce = sent.server_nonce;
  next.new_nonce = std::move(inner->new_nonce);
  next.expires_in = inner->expires_in;
  next.dc = inner->dc;
  next.rsa_scheme = decrypted->scheme;
  return next;
}

}  // namespace layer::mtproto::handshake
