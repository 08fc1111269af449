// A user's program built against the installed layer package.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <filesystem>

#include "layer/client/client.hpp"
#include "layer/client/sqlite_session_store.hpp"
#include "layer/client/string_session.hpp"
#include "layer/client/version.hpp"
#include "layer/crypto/sha.hpp"
#include "layer/fakedc/cluster.hpp"
#include "layer/tl/codec.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/types/help.hpp"
#include "layer/tl_parser/parser.hpp"

int main() {
  auto bytes = layer::tl::serialize(layer::tl::functions::help::GetConfig{});
  auto digest = layer::crypto::sha256(bytes);
  auto schema = layer::tl_parser::parse("boolTrue#997275b5 = Bool;");
  boost::asio::io_context io;
  layer::fakedc::Cluster cluster(io.get_executor(), {.log = [](std::string_view) {}});
  cluster.start();
  // A client on the installed package, against the fake DC: key exchange,
  // initConnection, one typed call.
  layer::client::Config config;
  config.api_id = 1;
  config.api_hash = "consumer";
  config.dcs = {{2, "127.0.0.1", cluster.endpoint(2).port()}};
  config.server_keys = {cluster.public_key()};
  bool serving = false;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        auto client = co_await layer::client::Client::connect(io.get_executor(), config);
        auto nearest = co_await client.invoke(layer::tl::functions::help::GetNearestDc{});
        serving = nearest.as<layer::tl::types::NearestDc>()->this_dc == 2;
      },
      [&](std::exception_ptr e) {
        if (e) std::printf("client failed\n");
        cluster.stop();
      });
  io.run();
  // The session store links SQLite for its users.
  const auto file = std::filesystem::temp_directory_path() / "layer-consumer.session";
  std::filesystem::remove(file);
  { layer::client::SqliteSessionStore store(file); }
  const bool stored = std::filesystem::exists(file) &&
                      layer::client::import_session(layer::client::export_session({})).home_dc == 0;
  std::filesystem::remove(file);
  for (const char* suffix : {"-lock", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  bool ok = stored && bytes.size() == 4 && digest.size() == 32 && schema.definitions.size() == 1 && serving;
  std::printf("%s: %s\n", layer::client::version_string().c_str(), ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
