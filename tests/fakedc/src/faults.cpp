#include "layer/fakedc/faults.hpp"

#include <charconv>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace layer::fakedc {
namespace {

std::vector<std::string> words(std::string_view line) {
  std::istringstream in{std::string(line)};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

template <class T>
T number(const std::string& text, std::string_view what) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw std::invalid_argument(std::string(what) + ": not a number: " + text);
  }
  return value;
}

// "250ms" or "3s" (a bare number is seconds).
std::chrono::milliseconds duration(const std::string& text) {
  if (text.ends_with("ms"))
    return std::chrono::milliseconds(number<std::int64_t>(text.substr(0, text.size() - 2), "duration"));
  const std::string digits = text.ends_with("s") ? text.substr(0, text.size() - 1) : text;
  return std::chrono::seconds(number<std::int64_t>(digits, "duration"));
}

// "0.25" or "25%".
double probability(const std::string& text) {
  const bool percent = text.ends_with("%");
  const double p = number<double>(percent ? text.substr(0, text.size() - 1) : text, "chance");
  return percent ? p / 100 : p;
}

// "379779bc": whole bytes, nothing else.
std::vector<std::byte> hex_bytes(const std::string& text) {
  if (text.empty() || text.size() % 2 != 0)
    throw std::invalid_argument("answer: not whole hex bytes: " + text);
  std::vector<std::byte> out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    std::uint8_t byte = 0;
    const auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 2, byte, 16);
    if (ec != std::errc{} || end != text.data() + i + 2)
      throw std::invalid_argument("answer: not hex: " + text);
    out.push_back(std::byte{byte});
  }
  return out;
}

struct Options {
  int times = 1;
  std::int32_t dc = 0;
  double chance = 1.0;
};

// Trailing key=value options: times, dc, chance.
Options options(const std::vector<std::string>& w, std::size_t from) {
  Options out;
  for (std::size_t i = from; i < w.size(); ++i) {
    if (w[i].starts_with("times=")) {
      out.times = number<int>(w[i].substr(6), "times");
    } else if (w[i].starts_with("dc=")) {
      out.dc = number<std::int32_t>(w[i].substr(3), "dc");
    } else if (w[i].starts_with("chance=")) {
      out.chance = probability(w[i].substr(7));
    } else {
      throw std::invalid_argument("unknown option " + w[i]);
    }
  }
  return out;
}

void need(const std::vector<std::string>& w, std::size_t n, std::string_view usage) {
  if (w.size() < n) throw std::invalid_argument("usage: " + std::string(usage));
}

// The trailing times=N of a rule that names no method, so dc= and chance= mean nothing.
int times_option(const std::vector<std::string>& w, std::size_t from) {
  int out = 1;
  for (std::size_t i = from; i < w.size(); ++i) {
    if (!w[i].starts_with("times="))
      throw std::invalid_argument("unknown option " + w[i] + " (only times=N)");
    out = number<int>(w[i].substr(6), "times");
  }
  return out;
}

// Adds times hits for key; a rule that never hits is a mistake in the script.
void count_hits(std::map<std::int64_t, int>& hits, std::int64_t key, int times) {
  if (times < 1) throw std::invalid_argument("times must be at least 1, not " + std::to_string(times));
  hits[key] += times;
}

// Takes one hit for key, if it has any left.
bool take_hit(std::map<std::int64_t, int>& hits, std::int64_t key) {
  const auto it = hits.find(key);
  if (it == hits.end()) return false;
  if (--it->second <= 0) hits.erase(it);
  return true;
}

}  // namespace

void FaultPlan::apply(std::string_view line) {
  const auto w = words(line);
  if (w.empty() || w[0].starts_with("#")) return;
  const std::string& verb = w[0];
  if (verb == "error") {
    need(w, 4, "error METHOD CODE NAME [times=N] [dc=D] [chance=P]");
    const auto o = options(w, 4);
    error(w[1], number<std::int32_t>(w[2], "code"), w[3], o.times, o.dc, o.chance);
  } else if (verb == "delay") {
    need(w, 3, "delay METHOD DURATION [times=N] [dc=D] [chance=P]");
    const auto o = options(w, 3);
    delay(w[1], duration(w[2]), o.times, o.dc, o.chance);
  } else if (verb == "resend") {
    need(w, 2, "resend METHOD [times=N] [dc=D] [chance=P]");
    const auto o = options(w, 2);
    resend(w[1], o.times, o.dc, o.chance);
  } else if (verb == "drop_before_answer") {
    need(w, 2, "drop_before_answer METHOD [times=N] [dc=D] [chance=P]");
    const auto o = options(w, 2);
    drop_before_answer(w[1], o.times, o.dc, o.chance);
  } else if (verb == "answer") {
    need(w, 3, "answer METHOD HEX [times=N] [dc=D] [chance=P]");
    const auto o = options(w, 3);
    answer(w[1], hex_bytes(w[2]), o.times, o.dc, o.chance);
  } else if (verb == "drop_after") {
    need(w, 2, "drop_after CALLS");
    drop_after(number<int>(w[1], "calls"));
  } else if (verb == "bad_salt") {
    bad_salt(options(w, 1).times);
  } else if (verb == "skew") {
    need(w, 2, "skew SECONDS");
    skew(std::chrono::duration_cast<std::chrono::seconds>(duration(w[1])));
  } else if (verb == "withhold") {
    need(w, 3, "withhold ACCOUNT PUSHES");
    withhold(number<std::int64_t>(w[1], "account"), number<int>(w[2], "pushes"));
  } else if (verb == "too_long") {
    need(w, 2, "too_long ACCOUNT");
    too_long(number<std::int64_t>(w[1], "account"));
  } else if (verb == "difference_too_long") {
    need(w, 2, "difference_too_long ACCOUNT [times=N]");
    difference_too_long(number<std::int64_t>(w[1], "account"), times_option(w, 2));
  } else if (verb == "channel_too_long") {
    need(w, 2, "channel_too_long CHANNEL [times=N]");
    channel_too_long(number<std::int64_t>(w[1], "channel"), times_option(w, 2));
  } else if (verb == "restart") {
    restart();
  } else {
    throw std::invalid_argument("unknown fault " + verb);
  }
}

void FaultPlan::apply_script(std::string_view script) {
  std::istringstream in{std::string(script)};
  int number_of_line = 0;
  for (std::string line; std::getline(in, line);) {
    ++number_of_line;
    try {
      apply(line);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("fault script line " + std::to_string(number_of_line) + ": " + e.what());
    }
  }
}

void FaultPlan::add(Rule rule) {
  if (rule.times < 1) throw std::invalid_argument("times must be at least 1, not " + std::to_string(rule.times));
  if (!(rule.chance > 0 && rule.chance <= 1)) {
    throw std::invalid_argument("chance must be above 0 and at most 1, not " + std::to_string(rule.chance));
  }
  rules_.push_back(std::move(rule));
}

FaultPlan& FaultPlan::error(std::string method, std::int32_t code, std::string name, int times,
                            std::int32_t dc, double chance) {
  add({std::move(method), dc, times, std::pair{code, std::move(name)}, {}, false, false, chance});
  return *this;
}

FaultPlan& FaultPlan::delay(std::string method, std::chrono::milliseconds by, int times, std::int32_t dc,
                            double chance) {
  add({std::move(method), dc, times, std::nullopt, by, false, false, chance});
  return *this;
}

FaultPlan& FaultPlan::resend(std::string method, int times, std::int32_t dc, double chance) {
  add({std::move(method), dc, times, std::nullopt, {}, true, false, chance});
  return *this;
}

FaultPlan& FaultPlan::drop_before_answer(std::string method, int times, std::int32_t dc, double chance) {
  add({std::move(method), dc, times, std::nullopt, {}, false, true, chance});
  return *this;
}

FaultPlan& FaultPlan::answer(std::string method, std::vector<std::byte> result, int times, std::int32_t dc,
                             double chance) {
  add({.method = std::move(method), .dc = dc, .times = times, .chance = chance, .answer = std::move(result)});
  return *this;
}

FaultPlan& FaultPlan::drop_after(int calls) {
  drop_after_ = calls;
  return *this;
}

FaultPlan& FaultPlan::bad_salt(int times) {
  bad_salts_ += times;
  return *this;
}

FaultPlan& FaultPlan::skew(std::chrono::seconds by) {
  skew_ = by;
  return *this;
}

FaultPlan& FaultPlan::withhold(std::int64_t account, int pushes) {
  withheld_[account] += pushes;
  return *this;
}

FaultPlan& FaultPlan::too_long(std::int64_t account) {
  too_long_[account] = true;
  return *this;
}

FaultPlan& FaultPlan::difference_too_long(std::int64_t account, int times) {
  count_hits(differences_too_long_, account, times);
  return *this;
}

FaultPlan& FaultPlan::channel_too_long(std::int64_t channel, int times) {
  count_hits(channel_differences_too_long_, channel, times);
  return *this;
}

FaultPlan& FaultPlan::restart() {
  restart_ = true;
  return *this;
}

CallFault FaultPlan::on_call(std::int32_t dc, std::string_view method) {
  CallFault out;
  if (drop_after_ && --*drop_after_ <= 0) {
    drop_after_.reset();
    out.drop = CallFault::Drop::after_calls;
    return out;
  }
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if ((it->method != "*" && it->method != method) || (it->dc != 0 && it->dc != dc)) continue;
    // A rule that certainly hits draws nothing, so adding one does not change
    // what the seed decides for the others.
    // The top 53 bits of the engine's output, whose sequence the standard
    // fixes, so a seed replays the same with any standard library.
    if (it->chance < 1 && static_cast<double>(draws_() >> 11) * 0x1p-53 >= it->chance) continue;
    out.error = it->error;
    out.delay = it->delay;
    out.resend = it->resend;
    out.answer = it->answer;
    if (it->drop) out.drop = CallFault::Drop::before_answer;
    if (--it->times <= 0) rules_.erase(it);
    break;
  }
  return out;
}

bool FaultPlan::take_bad_salt() {
  if (bad_salts_ == 0) return false;
  --bad_salts_;
  return true;
}

FaultPlan::Push FaultPlan::on_push(std::int64_t account) {
  if (const auto it = too_long_.find(account); it != too_long_.end()) {
    too_long_.erase(it);
    return Push::too_long;
  }
  if (const auto it = withheld_.find(account); it != withheld_.end()) {
    if (--it->second <= 0) withheld_.erase(it);
    return Push::withhold;
  }
  return Push::send;
}

bool FaultPlan::take_difference_too_long(std::int64_t account) {
  return take_hit(differences_too_long_, account);
}

bool FaultPlan::take_channel_too_long(std::int64_t channel) {
  return take_hit(channel_differences_too_long_, channel);
}

bool FaultPlan::take_restart() {
  return std::exchange(restart_, false);
}

}  // namespace layer::fakedc
