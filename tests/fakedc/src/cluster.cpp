#include "layer/fakedc/cluster.hpp"

#include <boost/asio/post.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>

#include "dc.hpp"
#include "services/services.hpp"
#include "stock_services.hpp"

namespace layer::fakedc {
namespace {

namespace asio = boost::asio;

crypto::RsaPrivateKey load_key(const std::string& pem) {
  auto key =
      crypto::RsaPrivateKey::from_pem(pem.empty() ? test_rsa_private_key_pem() : std::string_view(pem));
  if (!key) throw std::invalid_argument("fake DC RSA key: " + key.error().message());
  return std::move(*key);
}

std::unique_ptr<crypto::Rng> make_rng(const std::optional<std::uint64_t>& seed) {
  if (seed) return std::make_unique<crypto::DeterministicRng>(*seed);
  return std::make_unique<crypto::OsRng>();
}

ClusterOptions with_defaults(ClusterOptions options) {
  if (!options.clock && options.virtual_clock) {
    options.clock = [clock = options.virtual_clock] { return clock->now(); };
  }
  if (!options.clock) options.clock = [] { return std::chrono::system_clock::now(); };
  if (!options.log) options.log = [](std::string_view line) { std::clog << "fakedc: " << line << std::endl; };
  return options;
}

}  // namespace

struct Cluster::Impl {
  Impl(asio::any_io_executor executor, ClusterOptions options, crypto::RsaPrivateKey rsa,
       std::unique_ptr<crypto::Rng> rng)
      : shared(std::move(executor), std::move(options), std::move(rsa), std::move(rng)) {
    shared.push = [this](std::int64_t account, std::span<const std::byte> updates, std::int64_t skip) {
      const auto fault = shared.faults.on_push(account);
      if (fault == FaultPlan::Push::withhold) return;
      const tl::Bytes too_long = tl::serialize(tl::enums::Updates(tl::types::UpdatesTooLong{}));
      for (const auto& [id, dc] : dcs)
        dc->push(account, fault == FaultPlan::Push::too_long ? too_long : updates, skip);
    };
    shared.restart = [this] { restart(); };
  }

  Shared shared;
  std::map<std::int32_t, std::unique_ptr<Dc>> dcs;
  bool stopped = false;

  void restart() {
    shared.log("restart: every connection closed, every session forgotten");
    for (const auto& [id, dc] : dcs) {
      dc->drop_connections();
      dc->forget_sessions("restart");
    }
    if (const auto& file = shared.options.state_file; !file.empty()) {
      shared.world.save(file);
      shared.world.load(file);
    }
  }

  Dc& dc(std::int32_t id) const {
    const auto it = dcs.find(id);
    if (it == dcs.end()) throw std::out_of_range("the cluster has no DC " + std::to_string(id));
    return *it->second;
  }

  std::vector<tl::enums::DcOption> dc_options() const {
    std::vector<tl::enums::DcOption> out;
    for (const auto& [id, dc] : dcs) {
      const auto at = dc->endpoint();
      out.push_back(tl::types::DcOption{.id = id, .ip_address = at.address().to_string(), .port = at.port()});
    }
    return out;
  }
};

Cluster::Cluster(asio::any_io_executor executor, ClusterOptions options) {
  options = with_defaults(std::move(options));
  auto rsa = load_key(options.rsa_private_key_pem);
  auto rng = make_rng(options.seed);
  impl_ = std::make_unique<Impl>(executor, std::move(options), std::move(rsa), std::move(rng));
  for (const std::int32_t id : impl_->shared.options.dc_ids) {
    if (id <= 0 || impl_->dcs.contains(id))
      throw std::invalid_argument("bad or repeated DC id " + std::to_string(id));
    impl_->dcs.emplace(id, std::make_unique<Dc>(id, impl_->shared));
  }
  if (impl_->dcs.empty()) throw std::invalid_argument("a cluster needs at least one DC");
  impl_->shared.faults.apply_script(impl_->shared.options.fault_script);
  if (const auto& file = impl_->shared.options.state_file; !file.empty() && std::ifstream(file).good()) {
    impl_->shared.world.load(file);
  }
  auto& shared = impl_->shared;
  add_stock_services(shared.dispatcher, shared, [impl = impl_.get()] { return impl->dc_options(); });
  services::add_auth(shared.dispatcher, shared);
  services::add_users(shared.dispatcher, shared);
  services::add_messages(shared.dispatcher, shared);
  services::add_updates(shared.dispatcher, shared);
  services::add_uploads(shared.dispatcher, shared);
  services::add_bot_callbacks(shared.dispatcher, shared);
  services::add_inline_queries(shared.dispatcher, shared);
  services::add_pins(shared.dispatcher, shared);
  services::add_channels(shared.dispatcher, shared);
  services::add_groups(shared.dispatcher, shared);
  services::add_blocking(shared.dispatcher, shared);
}

Cluster::~Cluster() {
  stop();
}

void Cluster::start() {
  const auto& options = impl_->shared.options;
  impl_->shared.log(
      "seed " + std::to_string(impl_->shared.faults.seed()) +
      (options.seed ? std::string() : " (fault draws only; pass it as the seed to replay them)"));
  const auto address = asio::ip::make_address(options.host);
  for (const auto& [id, dc] : impl_->dcs) {
    const auto port = options.base_port == 0 ? 0 : options.base_port + id;
    if (port > 65535) throw std::invalid_argument("port of DC " + std::to_string(id) + " is beyond 65535");
    dc->listen({address, static_cast<std::uint16_t>(port)});
  }
}

void Cluster::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  for (const auto& [id, dc] : impl_->dcs) dc->stop();
  const auto& state_file = impl_->shared.options.state_file;
  if (!state_file.empty()) impl_->shared.world.save(state_file);
}

std::vector<std::int32_t> Cluster::dc_ids() const {
  std::vector<std::int32_t> out;
  for (const auto& [id, dc] : impl_->dcs) out.push_back(id);
  return out;
}

asio::ip::tcp::endpoint Cluster::endpoint(std::int32_t dc_id) const {
  return impl_->dc(dc_id).endpoint();
}

const crypto::RsaPublicKey& Cluster::public_key() const {
  return impl_->shared.rsa.public_key();
}

FaultPlan& Cluster::faults() {
  return impl_->shared.faults;
}

void Cluster::apply_fault(std::string line) {
  // Parsed now, so a bad line fails the caller; applied on the cluster's executor.
  FaultPlan check;
  check.apply(line);
  asio::post(impl_->shared.executor, [impl = impl_.get(), line = std::move(line)] {
    impl->shared.faults.apply(line);
    if (impl->shared.faults.take_restart()) impl->restart();
  });
}

World& Cluster::world() {
  return impl_->shared.world;
}

Dispatcher& Cluster::dispatcher() {
  return impl_->shared.dispatcher;
}

Dispatcher& Cluster::dispatcher(std::int32_t dc_id) {
  return impl_->dc(dc_id).dispatcher();
}

}  // namespace layer::fakedc
