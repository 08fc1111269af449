// raw-connect: the MTProto stack driven by hand over one TCP connection. It runs
// the key exchange step by step, opens an encrypted session, asks for the
// config inside invokeWithLayer(initConnection(...)) and pings.
//
//   raw-connect [--transport abridged|intermediate|padded|full|obfuscated]
//
// With no settings it starts a fake DC in-process on a free loopback port and
// talks to its DC 2. LAYER_SERVER=host:port and LAYER_RSA_KEY=public.pem point
// it at another server.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "layer/fakedc/cluster.hpp"
#include "layer/mtproto/client_session.hpp"
#include "layer/mtproto/handshake/client.hpp"
#include "layer/mtproto/plain_session.hpp"
#include "layer/mtproto/transport/client_transport.hpp"
#include "layer/tl.hpp"

namespace {

namespace asio = boost::asio;
namespace handshake = layer::mtproto::handshake;
namespace tl = layer::tl;
using layer::mtproto::transport::Kind;

std::string hex(std::span<const std::byte> bytes, std::size_t max = 64) {
  std::string out;
  char pair[3];
  for (std::size_t i = 0; i < bytes.size() && i < max; ++i) {
    std::snprintf(pair, sizeof pair, "%02x", std::to_integer<unsigned>(bytes[i]));
    out += pair;
  }
  return bytes.size() > max ? out + "…" : out;
}

std::span<const std::byte> bytes_of(const std::string& s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

// One TCP connection framed by a client transport.
class Wire {
 public:
  Wire(asio::ip::tcp::socket socket, layer::mtproto::transport::ClientTransport transport)
      : socket_(std::move(socket)), transport_(std::move(transport)) {}

  asio::awaitable<void> send(std::span<const std::byte> packet) {
    tl::Bytes out;
    if (const auto ec = transport_.encode(packet, out)) throw std::system_error(ec);
    co_await asio::async_write(socket_, asio::buffer(out), asio::use_awaitable);
  }

  // The next MTProto packet from the server; transport errors throw.
  asio::awaitable<tl::Bytes> receive() {
    for (;;) {
      auto decoded = transport_.decode(std::span(buffer_).first(filled_));
      if (!decoded) throw std::system_error(decoded.error());
      std::optional<tl::Bytes> packet;
      if (decoded->frame) {
        // The payload may view buffer_: copy it out before the buffer moves.
        const auto& frame = *decoded->frame;
        if (frame.kind == layer::mtproto::transport::FrameKind::transport_error)
          throw std::system_error(frame.error());
        if (frame.kind == layer::mtproto::transport::FrameKind::message)
          packet.emplace(frame.payload.begin(), frame.payload.end());
      }
      buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(decoded->consumed));
      filled_ -= decoded->consumed;
      if (packet) co_return std::move(*packet);
      if (decoded->frame) continue;
      buffer_.resize(filled_ + 65536);
      filled_ += co_await socket_.async_read_some(asio::buffer(buffer_.data() + filled_, 65536),
                                                  asio::use_awaitable);
    }
  }

 private:
  asio::ip::tcp::socket socket_;
  layer::mtproto::transport::ClientTransport transport_;
  tl::Bytes buffer_;
  std::size_t filled_ = 0;
};

// A plain request and the body of its answer.
template <class F>
asio::awaitable<tl::Bytes> exchange(Wire& wire, layer::mtproto::PlainSession& plain,
                                    const handshake::Request<F>& request) {
  co_await wire.send(
      plain.pack_plain(std::span<const std::byte>(request.bytes), std::chrono::system_clock::now()));
  const tl::Bytes packet = co_await wire.receive();
  auto message = plain.unpack_plain(packet);
  if (!message) throw std::system_error(message.error());
  co_return tl::Bytes(message->body.begin(), message->body.end());
}

asio::awaitable<handshake::Done> exchange_keys(Wire& wire, const layer::crypto::RsaPublicKey& key,
                                               layer::crypto::Rng& rng) {
  layer::mtproto::PlainSession plain;
  auto s1 = handshake::step1({.keys = {key}, .dc_id = 2}, rng).value();
  std::cout << "1. req_pq_multi        nonce " << hex(s1.state.nonce, 8) << "\n";
  const auto res_pq = co_await exchange(wire, plain, s1.request);
  auto s2 = handshake::step2(s1.state, res_pq, rng).value();
  const auto& dh = s2.request.function;
  std::cout << "2. resPQ               pq " << hex(bytes_of(tl::deserialize<tl::types::ResPQ>(res_pq).pq))
            << " = " << hex(bytes_of(dh.p)) << " × " << hex(bytes_of(dh.q)) << ", server_nonce "
            << hex(s2.state.server_nonce, 8) << "\n";
  const auto dh_params = co_await exchange(wire, plain, s2.request);
  auto s3 = handshake::step3(s2.state, dh_params, rng, std::chrono::system_clock::now()).value();
  std::cout << "3. server_DH_params_ok g " << s3.state.g << ", " << s3.state.dh_prime.size() * 8
            << "-bit safe prime, g_a " << hex(bytes_of(s3.state.g_a), 8) << "\n";
  for (;;) {
    const auto answer = co_await exchange(wire, plain, s3.request);
    auto outcome = handshake::finish(s3.state, answer, rng).value();
    if (auto* done = std::get_if<handshake::Done>(&outcome)) {
      std::cout << "4. dh_gen_ok           auth_key_id " << std::hex << done->auth_key.id() << ", first salt "
                << done->first_salt << std::dec << ", time offset " << done->time_offset.count() << " s\n";
      co_return std::move(*done);
    }
    std::cout << "4. dh_gen_retry        new b, same nonces\n";
    s3 = std::move(std::get<handshake::Step3>(outcome));
  }
}

// Sends one call over the encrypted session and returns its result body.
asio::awaitable<tl::Bytes> invoke(Wire& wire, layer::mtproto::ClientSession& session, tl::Bytes call) {
  const auto id = session.enqueue(std::move(call));
  for (;;) {
    while (auto packet = session.take_output(std::chrono::system_clock::now())) co_await wire.send(*packet);
    tl::Bytes packet = co_await wire.receive();
    if (const auto ec = session.on_received(packet, std::chrono::system_clock::now()))
      throw std::system_error(ec);
    while (auto event = session.next_outcome()) {
      if (auto* result = std::get_if<layer::mtproto::RpcResultEvent>(&*event);
          result && result->request == id) {
        co_return std::move(result->body);
      }
      if (auto* error = std::get_if<layer::mtproto::RpcErrorEvent>(&*event); error && error->request == id) {
        throw std::runtime_error("rpc_error " + std::to_string(error->error.code) + " " +
                                 error->error.message);
      }
      if (auto* failed = std::get_if<layer::mtproto::RequestFailedEvent>(&*event);
          failed && failed->request == id) {
        throw std::system_error(failed->error);
      }
    }
  }
}

asio::awaitable<void> run(asio::ip::tcp::endpoint server, layer::crypto::RsaPublicKey key, Kind kind) {
  layer::crypto::OsRng rng;
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(server, asio::use_awaitable);
  std::cout << "connected to " << server << " over " << to_string(kind) << "\n";
  Wire wire(std::move(socket),
            layer::mtproto::transport::ClientTransport::create({.kind = kind}, rng).value());

  auto done = co_await exchange_keys(wire, key, rng);
  layer::mtproto::ClientSession session(std::move(done.auth_key), done.first_salt,
                                        static_cast<std::int32_t>(done.time_offset.count()), rng);
  tl::functions::InvokeWithLayer call{
      .layer = tl::layer,
      .query = tl::functions::InitConnection{.api_id = 1,
                                             .device_model = "raw-connect",
                                             .system_version = "linux",
                                             .app_version = "0.1",
                                             .system_lang_code = "en",
                                             .lang_code = "en",
                                             .query = tl::functions::help::GetConfig{}}};
  const auto config = tl::deserialize<tl::enums::Config>(co_await invoke(wire, session, tl::serialize(call)));
  const auto& c = *config.as<tl::types::Config>();
  std::cout << "5. help.getConfig      layer " << tl::layer << ", this_dc " << c.this_dc << ", DCs:";
  for (const auto& option : c.dc_options) {
    const auto& o = *option.as<tl::types::DcOption>();
    std::cout << " " << o.id << "=" << o.ip_address << ":" << o.port;
  }
  std::cout << "\n";
  const auto pong = tl::deserialize<tl::enums::Pong>(
      co_await invoke(wire, session, tl::serialize(tl::functions::Ping{42})));
  std::cout << "6. ping 42             " << pong << "\n";
}

Kind parse_transport(int argc, char** argv) {
  const std::string name = argc == 3 && std::string(argv[1]) == "--transport" ? argv[2]
                           : argc == 1                                        ? "obfuscated"
                                                                              : "";
  if (name == "abridged") return Kind::abridged;
  if (name == "intermediate") return Kind::intermediate;
  if (name == "padded") return Kind::padded;
  if (name == "full") return Kind::full;
  if (name == "obfuscated") return Kind::obfuscated_intermediate;
  throw std::invalid_argument(
      "usage: raw-connect [--transport abridged|intermediate|padded|full|obfuscated]");
}

std::string read_file(const char* path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(std::string("cannot read ") + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Kind kind = parse_transport(argc, argv);
    asio::io_context io;
    std::optional<layer::fakedc::Cluster> cluster;
    asio::ip::tcp::endpoint server;
    std::optional<layer::crypto::RsaPublicKey> key;
    if (const char* address = std::getenv("LAYER_SERVER")) {
      const std::string text = address;
      const auto colon = text.rfind(':');
      if (colon == std::string::npos) throw std::invalid_argument("LAYER_SERVER must be host:port");
      server = {asio::ip::make_address(text.substr(0, colon)),
                static_cast<std::uint16_t>(std::stoi(text.substr(colon + 1)))};
      const char* key_file = std::getenv("LAYER_RSA_KEY");
      if (key_file == nullptr) throw std::invalid_argument("LAYER_SERVER needs LAYER_RSA_KEY=public.pem");
      key = layer::crypto::RsaPublicKey::from_pem(read_file(key_file)).value();
    } else {
      cluster.emplace(io.get_executor(), layer::fakedc::ClusterOptions{.log = [](std::string_view) {}});
      cluster->start();
      server = cluster->endpoint(2);
      key = cluster->public_key();
      std::cout << "fake DC started in-process; its DC 2 is " << server << "\n";
    }
    bool ok = false;
    asio::co_spawn(io, run(server, *key, kind), [&](const std::exception_ptr& error) {
      if (cluster) cluster->stop();
      if (!error) {
        ok = true;
        return;
      }
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        std::cerr << "raw-connect: " << e.what() << "\n";
      }
    });
    io.run();
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "raw-connect: " << e.what() << "\n";
    return 2;
  }
}
