// The client's contract under seeded random fault schedules, on virtual time:
// every request resolves exactly once, and no chat holds a message twice.
// Each schedule is its own fake DC and client, so one seed replays alone:
//
//   LAYER_SOAK_SEED=N LAYER_SOAK_SCHEDULES=1 client_tests --gtest_filter=Soak.*
//
// A schedule is ten waves of ten requests (sendMessage with its own random_id,
// reads, a call that is not idempotent), each wave after one fault line drawn
// from the seed: drops, restarts, salt changes, clock skew, FLOOD_WAIT,
// migrations, resends, delays. Odd seeds run under PFS, with temporary keys
// short-lived enough to be renewed in the middle of the faults.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <sstream>

#include "countdown.hpp"
#include "fake_dc_fixture.hpp"
#include "layer/tl/functions/account.hpp"
#include "layer/tl/functions/help.hpp"
#include "layer/tl/functions/messages.hpp"
#include "layer/tl/types/root.hpp"
#include "signal.hpp"

namespace layer::client::test {
namespace {

namespace asio = boost::asio;
namespace fn = tl::functions;

constexpr int kWaves = 10;
constexpr int kPerWave = 10;

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value ? std::strtoull(value, nullptr, 10) : fallback;
}

// skew only moves the server's clock forward: msg_ids must grow within a
// session, so one that runs backwards mid-session costs a new session, whose
// rules for the calls in flight Reconnect.AServerClockSetBackMidSessionDoesNotStallCalls
// checks (a client whose own clock jumps is followed either way).
std::string draw_fault(std::mt19937_64& rng, int& skew) {
  const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  switch (pick(10)) {
    case 0:
      return "drop_after " + std::to_string(1 + pick(8));
    case 1:
      return "restart";
    case 2:
      return "bad_salt times=" + std::to_string(1 + pick(3));
    case 3:
      skew += 60 + pick(600);
      return "skew " + std::to_string(skew) + "s";
    case 4:
      return "error messages.sendMessage 420 FLOOD_WAIT_" + std::to_string(1 + pick(30)) + " times=1";
    case 5:
      return "error help.getNearestDc 303 FILE_MIGRATE_4 times=" + std::to_string(1 + pick(3));
    case 6:
      return "error messages.sendMessage 303 USER_MIGRATE_" + std::string(pick(2) ? "4" : "2") + " times=1";
    case 7:
      return "resend * times=" + std::to_string(1 + pick(4));
    case 8:
      return "delay * " + std::to_string(100 + pick(5000)) + "ms times=" + std::to_string(1 + pick(5));
    default:
      return "drop_before_answer messages.sendMessage times=" + std::to_string(1 + pick(3));
  }
}

class Soak : public FakeDcTest {
 protected:
  struct Outcome {
    int resolutions = 0;
    bool ok = false;
    std::error_code error;
  };

  // Runs one schedule; returns what went wrong, empty when nothing did.
  std::string schedule(std::uint64_t seed, std::vector<std::string>& faults) {
    server_log_.clear();  // the fixture prints its end on failure
    fakedc::Cluster cluster(io_.get_executor(),
                            {.seed = seed,
                             .virtual_clock = virtual_clock_,
                             .log = [this](std::string_view line) { server_log_.emplace_back(line); }});
    auto& world = cluster.world();
    const auto& user = world.add_user("+999660000002", "Bob", "", "bob");
    const auto user_id = user.id;
    const auto user_hash = user.access_hash;
    const auto token = world.add_bot("Echo", "echo_bot").bot_token;
    cluster.start();
    std::mt19937_64 rng(seed);
    int skew = 0;
    std::vector<Outcome> outcomes(kWaves * kPerWave);
    std::vector<bool> is_send(outcomes.size());
    auto config = config_for(cluster, std::make_shared<MemorySessionStore>());
    config.pfs = seed % 2 == 1;
    config.temp_key_lifetime = std::chrono::seconds(60 + rng() % 60);
    drive([&]() -> asio::awaitable<void> {
      auto client = co_await Client::connect(io_.get_executor(), config);
      co_await client.bot_sign_in(token);
      for (int wave = 0; wave < kWaves; ++wave) {
        faults.push_back(draw_fault(rng, skew));
        cluster.apply_fault(faults.back());
        auto done = Countdown::make(io_.get_executor(), kPerWave);
        auto note = [done](Outcome& o) {
          return [&o, done](std::exception_ptr, auto r) {
            ++o.resolutions;
            o.ok = static_cast<bool>(r);
            if (!r) o.error = r.error().code;
            done->count();
          };
        };
        for (int i = 0; i < kPerWave; ++i) {
          const auto n = static_cast<std::size_t>(wave * kPerWave + i);
          switch (rng() % 4) {
            case 0:
              asio::co_spawn(io_, client.try_invoke(fn::help::GetNearestDc{}), note(outcomes[n]));
              break;
            case 1:
              asio::co_spawn(io_, client.try_invoke(fn::account::UpdateStatus{.offline = false}),
                             note(outcomes[n]));
              break;
            default: {
              fn::messages::SendMessage send{.peer = tl::types::InputPeerUser{user_id, user_hash},
                                             .message = "m" + std::to_string(n),
                                             .random_id = static_cast<std::int64_t>(rng() >> 1)};
              is_send[n] = true;
              asio::co_spawn(io_, client.try_invoke(send), note(outcomes[n]));
            }
          }
        }
        co_await done->wait();
        // Pauses that add up past a temporary key's renewal point.
        if (config.pfs)
          co_await detail::sleep_until(*config.clock,
                                       virtual_clock_->instant() + std::chrono::seconds(rng() % 15));
      }
      client.close();
    }());
    std::map<std::string, int> in_chat;
    for (const auto& [id, message] : world.mailbox(user_id).messages) ++in_chat[message.message];
    std::ostringstream problems;
    for (std::size_t n = 0; n < outcomes.size(); ++n) {
      const auto& o = outcomes[n];
      if (o.resolutions != 1) problems << "request " << n << " resolved " << o.resolutions << " times; ";
      if (!is_send[n]) continue;
      const int copies = in_chat["m" + std::to_string(n)];
      if (copies > 1) problems << "m" << n << " is in the chat " << copies << " times; ";
      if (o.ok && copies != 1) problems << "m" << n << " was sent and is not in the chat; ";
      // A send carries its random_id: nothing in a schedule may make it fail.
      if (!o.ok) problems << "m" << n << " failed: " << o.error.message() << "; ";
    }
    cluster.stop();
    io_.restart();
    io_.poll();
    return problems.str();
  }
};

TEST_F(Soak, EveryRequestResolvesOnceAndNoChatHoldsADuplicate) {
  const auto first = env_or("LAYER_SOAK_SEED", 1);
  const auto schedules = env_or("LAYER_SOAK_SCHEDULES", 500);
  for (auto seed = first; seed < first + schedules; ++seed) {
    std::vector<std::string> faults;
    const auto problems = schedule(seed, faults);
    if (problems.empty()) continue;
    std::ostringstream script;
    for (const auto& line : faults) script << "\n  " << line;
    ADD_FAILURE() << "soak seed " << seed << (seed % 2 == 1 ? " (PFS)" : "") << ": " << problems
                  << "\nfaults:" << script.str() << "\nreplay: LAYER_SOAK_SEED=" << seed
                  << " LAYER_SOAK_SCHEDULES=1 client_tests --gtest_filter=Soak.*";
    return;
  }
}

}  // namespace
}  // namespace layer::client::test
