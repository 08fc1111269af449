// Faults a test asks the fake DC for, so clients meet what real Telegram does
// to them: rpc errors (FLOOD_WAIT_X, PHONE_MIGRATE_X, ...), delayed answers,
// dropped connections, salts that change under them, a skewed clock, withheld
// updates (pts gaps), updatesTooLong and differences too long to replay. A
// scenario is a seed plus a script of such rules, one per line, so a failing
// run replays exactly:
//
//   error messages.sendMessage 420 FLOOD_WAIT_3 [times=N] [dc=D] [chance=P]
//   delay help.getConfig 250ms [times=N] [dc=D] [chance=P]
//   drop_before_answer METHOD [times=N] [dc=D] [chance=P]
//                                   the call runs, then its connection is closed before the
//                                   answer leaves: the answer waits in the session and goes
//                                   out on the client's next connection with that session
//   drop_after 5                    the same for the 5th call from now on, whatever its method
//   bad_salt [times=N]              the salt changes; the client's next packet gets bad_server_salt
//   resend METHOD [times=N] [dc=D] [chance=P]
//                                   the call is not served but answered with msg_resend_req
//   answer METHOD HEX [times=N] [dc=D] [chance=P]
//                                   the call is not run but answered with these bytes (the
//                                   serialized result, in hex), as a broken or hostile server
//                                   might answer: `answer auth.bindTempAuthKey 379779bc` is boolFalse
//   skew 120s                       the server's clock runs this far ahead (negative: behind)
//   withhold ACCOUNT N              the next N pushes to the account are not sent (a pts gap)
//   too_long ACCOUNT                the next push to the account is updatesTooLong
//   difference_too_long ACCOUNT [times=N]
//                                   the account's next getDifference is answered
//                                   updates.differenceTooLong with its box's current pts, as
//                                   Telegram answers a client too far behind (who then refetches
//                                   its chats and goes on from that pts)
//   channel_too_long CHANNEL [times=N]
//                                   the next getChannelDifference for the channel, from anyone,
//                                   is answered updates.channelDifferenceTooLong: the channel's
//                                   dialog and latest messages instead of its updates
//   restart                         every connection is closed and every session forgotten, as
//                                   when Telegram restarts (clients get new_session_created);
//                                   the world (accounts, keys, messages) stays
//
// Sessions outlive connections (cluster.hpp), so the two drops lose nothing:
// the client that comes back with the same auth key and session id gets the
// answer once, as from Telegram after a broken connection.
//
// Methods are named as the schema writes them (tl::name_for_id); `*` matches any call.
// chance=P (0 < P <= 1, or a percentage: 25%) makes a rule hit each matching
// call with that probability, drawn from the seed: the same seed and the same
// calls give the same hits. times counts hits. Without a fault, a client
// further behind than ClusterOptions::difference_too_long_after (or
// channel_difference_too_long_after) gets the same answers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace layer::fakedc {

// What to do with one call, decided when it arrives.
struct CallFault {
  std::optional<std::pair<std::int32_t, std::string>> error;
  std::chrono::milliseconds delay{0};
  // Serve the call, then close the connection before the answer is sent.
  enum class Drop { none, after_calls, before_answer } drop = Drop::none;
  bool resend = false;  // ask the client to send the call again instead of serving it
  std::optional<std::vector<std::byte>> answer;  // sent instead of running the call
};

class FaultPlan {
 public:
  explicit FaultPlan(std::uint64_t seed = 0) : seed_(seed), draws_(seed) {}
  std::uint64_t seed() const noexcept { return seed_; }

  // Applies one script line; throws std::invalid_argument naming the line's problem.
  void apply(std::string_view line);
  // Every non-empty, non-# line of a script.
  void apply_script(std::string_view script);

  FaultPlan& error(std::string method, std::int32_t code, std::string name, int times = 1,
                   std::int32_t dc = 0, double chance = 1.0);
  FaultPlan& delay(std::string method, std::chrono::milliseconds by, int times = 1, std::int32_t dc = 0,
                   double chance = 1.0);
  FaultPlan& resend(std::string method, int times = 1, std::int32_t dc = 0, double chance = 1.0);
  FaultPlan& drop_before_answer(std::string method, int times = 1, std::int32_t dc = 0, double chance = 1.0);
  FaultPlan& answer(std::string method, std::vector<std::byte> result, int times = 1, std::int32_t dc = 0,
                    double chance = 1.0);
  FaultPlan& drop_after(int calls);
  FaultPlan& bad_salt(int times = 1);
  FaultPlan& skew(std::chrono::seconds by);
  FaultPlan& withhold(std::int64_t account, int pushes);
  FaultPlan& too_long(std::int64_t account);
  FaultPlan& difference_too_long(std::int64_t account, int times = 1);
  FaultPlan& channel_too_long(std::int64_t channel, int times = 1);
  FaultPlan& restart();

  // Consumed as the fake DC meets them.
  CallFault on_call(std::int32_t dc, std::string_view method);
  bool take_bad_salt();
  std::chrono::seconds skew() const noexcept { return skew_; }
  enum class Push { send, withhold, too_long };
  Push on_push(std::int64_t account);
  // Whether this getDifference (getChannelDifference) is to be answered too long.
  bool take_difference_too_long(std::int64_t account);
  bool take_channel_too_long(std::int64_t channel);
  bool take_restart();

 private:
  struct Rule {
    std::string method;
    std::int32_t dc = 0;
    int times = 1;
    std::optional<std::pair<std::int32_t, std::string>> error{};
    std::chrono::milliseconds delay{0};
    bool resend = false;
    bool drop = false;
    double chance = 1.0;
    std::optional<std::vector<std::byte>> answer{};
  };

  void add(Rule rule);

  std::uint64_t seed_;
  std::mt19937_64 draws_;
  std::vector<Rule> rules_;
  std::optional<int> drop_after_;
  int bad_salts_ = 0;
  std::chrono::seconds skew_{0};
  std::map<std::int64_t, int> withheld_;
  std::map<std::int64_t, bool> too_long_;
  std::map<std::int64_t, int> differences_too_long_;          // by account
  std::map<std::int64_t, int> channel_differences_too_long_;  // by channel
  bool restart_ = false;
};

}  // namespace layer::fakedc
