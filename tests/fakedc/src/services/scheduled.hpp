// Scheduled messages: messages.sendMessage or sendMedia with a schedule_date
// keeps the message in the sender's box under an id of its own until that
// date (on the cluster's clock, the virtual one when set), then sends it as
// if sent then, from_scheduled, and tells the sender
// updateDeleteScheduledMessages naming the id it took. Before that,
// messages.getScheduledHistory and getScheduledMessages list the ones
// waiting, deleteScheduledMessages drops them and sendScheduledMessages sends
// them at once. As on Telegram, bots cannot schedule
// (SCHEDULE_BOT_NOT_ALLOWED), dates must lie ahead (SCHEDULE_DATE_INVALID) by
// at most a year (SCHEDULE_DATE_TOO_LATE), and a chat holds at most 100
// (SCHEDULE_TOO_MUCH). A message that can no longer be sent when its date
// comes (the recipient blocked the sender, the channel no longer lets the
// sender post, ...) is dropped, and the sender told so by an
// updateDeleteScheduledMessages without sent_messages.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "../dc.hpp"

namespace layer::fakedc::services {

class ScheduledMessages {
 public:
  static constexpr std::int32_t kLongestWait = 365 * 24 * 3600;
  static constexpr std::size_t kPerChat = 100;

  // Sets the timers of the messages the world already holds (from a state
  // file), those past their date to go at once.
  explicit ScheduledMessages(Shared& shared);

  // Refuses a date (or a sender) Telegram would refuse, before a send does
  // anything it cannot take back, such as storing an upload.
  void check(const Call& call, std::int32_t date) const;
  // Schedules m, from the caller to the chat peer names, for date; the
  // caller's answer (updateMessageID and updateNewScheduledMessage).
  tl::types::Updates schedule(const Call& call, const tl::enums::InputPeer& peer, tl::types::Message m,
                              std::int32_t date, std::int64_t random_id);
  void add_handlers(Dispatcher& dispatcher);

 private:
  void arm(std::int64_t owner, std::int32_t id, std::int32_t date);
  // Sends owner's scheduled message id now; the updateDeleteScheduledMessages
  // saying what became of it, nullopt when there is no such message.
  std::optional<tl::types::UpdateDeleteScheduledMessages> send(std::int64_t owner, std::int32_t id);
  // Sends owner's m now; its id in owner's box (a channel's, for a channel).
  std::int32_t post(std::int64_t owner, tl::types::Message m);

  Shared& shared_;
  // By (owner, scheduled id); each cancels its timer when the service goes.
  std::map<std::pair<std::int64_t, std::int32_t>, Alarm> alarms_;
};

}  // namespace layer::fakedc::services
