// A user's program built against the installed layer package.
#include <boost/asio/io_context.hpp>
#include <cstdio>

#include "layer/client/version.hpp"
#include "layer/crypto/sha.hpp"
#include "layer/fakedc/cluster.hpp"
#include "layer/tl/codec.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl_parser/parser.hpp"

int main() {
  auto bytes = layer::tl::serialize(layer::tl::functions::help::GetConfig{});
  auto digest = layer::crypto::sha256(bytes);
  auto schema = layer::tl_parser::parse("boolTrue#997275b5 = Bool;");
  boost::asio::io_context io;
  layer::fakedc::Cluster cluster(io.get_executor(), {.log = [](std::string_view) {}});
  cluster.start();  // a bot's test would connect to cluster.endpoint(2)
  const bool serving = cluster.endpoint(2).port() != 0;
  cluster.stop();
  bool ok = bytes.size() == 4 && digest.size() == 32 && schema.definitions.size() == 1 && serving;
  std::printf("%s: %s\n", layer::client::version_string().c_str(), ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
