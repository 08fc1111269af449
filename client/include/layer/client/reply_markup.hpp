// The keyboards a bot attaches to a message (the reply_markup of
// messages.sendMessage and friends), built from values:
//
//   auto choice = InlineKeyboard{}
//                     .row({callback_button("Yes", "y"), callback_button("No", "n")})
//                     .row({url_button("Docs", "https://core.telegram.org/bots")})
//                     .build();
//   auto menu = ReplyKeyboard{}.row({text_button("Help"), location_button("Send
//   location")}).resize().build(); auto none = remove_keyboard(); auto ask = force_reply("Your name");
//
// Every function throws std::invalid_argument naming what is wrong: a button
// without text, callback data empty or over Telegram's 64 bytes, an empty URL,
// an empty row, a keyboard without rows, a placeholder empty or over 64
// characters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layer/tl/fwd.hpp"

namespace layer::client {

// Sends data back to the bot (updateBotCallbackQuery) when pressed.
tl::enums::KeyboardInlineButton callback_button(std::string text, std::string_view data);
tl::enums::KeyboardInlineButton url_button(std::string text, std::string url);
// Starts an inline query to the bot with query typed in, in a chat the user
// picks or, with same_peer, in this one.
tl::enums::KeyboardInlineButton switch_inline_button(std::string text, std::string query,
                                                     bool same_peer = false);

class InlineKeyboard {
 public:
  InlineKeyboard& row(std::vector<tl::enums::KeyboardInlineButton> buttons);
  tl::enums::ReplyMarkup build() const;

 private:
  std::vector<tl::enums::KeyboardInlineButtonRow> rows_;
};

// Sends its text as a message from the user when pressed.
tl::enums::KeyboardButton text_button(std::string text);
// Ask the user to share their phone number or location (the client asks first).
tl::enums::KeyboardButton phone_button(std::string text);
tl::enums::KeyboardButton location_button(std::string text);

class ReplyKeyboard {
 public:
  ReplyKeyboard& row(std::vector<tl::enums::KeyboardButton> buttons);
  // Fit the keyboard's height to its rows instead of the standard height.
  ReplyKeyboard& resize(bool on = true);
  // Hide it once a button was pressed.
  ReplyKeyboard& single_use(bool on = true);
  // Show it only to the users mentioned in the message and the author of the one replied to.
  ReplyKeyboard& selective(bool on = true);
  // Keep it shown when the user hides the keyboard.
  ReplyKeyboard& persistent(bool on = true);
  // Shown in the input field while the keyboard is up.
  ReplyKeyboard& placeholder(std::string text);
  tl::enums::ReplyMarkup build() const;

 private:
  std::vector<tl::enums::KeyboardButtonRow> rows_;
  bool resize_ = false;
  bool single_use_ = false;
  bool selective_ = false;
  bool persistent_ = false;
  std::optional<std::string> placeholder_;
};

// Removes the bot's reply keyboard (for the users addressed, with selective).
tl::enums::ReplyMarkup remove_keyboard(bool selective = false);
// Opens a reply to the message in the user's app, as if they had chosen "Reply".
tl::enums::ReplyMarkup force_reply(std::optional<std::string> placeholder = std::nullopt,
                                   bool selective = false);

}  // namespace layer::client
