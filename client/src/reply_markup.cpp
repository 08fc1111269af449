#include "layer/client/reply_markup.hpp"

#include <stdexcept>
#include <utility>

#include "layer/client/utf16.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::client {
namespace {

namespace types = tl::types;

// Telegram's limits, as the Bot API documents them.
constexpr std::size_t kMaxCallbackData = 64;
constexpr std::size_t kMaxPlaceholder = 64;

std::string checked_text(std::string text) {
  if (text.empty()) throw std::invalid_argument("keyboard button: the text is empty");
  return text;
}

std::string checked_placeholder(std::string text) {
  const std::size_t length = utf16_length(text);
  if (length == 0 || length > kMaxPlaceholder) {
    throw std::invalid_argument("keyboard placeholder: " + std::to_string(length) +
                                " characters; Telegram takes 1 to 64");
  }
  return text;
}

}  // namespace

tl::enums::KeyboardInlineButton callback_button(std::string text, std::string_view data) {
  if (data.empty() || data.size() > kMaxCallbackData) {
    throw std::invalid_argument("callback button \"" + text + "\": the data is " +
                                std::to_string(data.size()) + " bytes; Telegram takes 1 to 64");
  }
  const auto* bytes = reinterpret_cast<const std::byte*>(data.data());
  return types::KeyboardInlineButton{
      .style = std::nullopt,
      .text = checked_text(std::move(text)),
      .type = types::InlineButtonTypeCallback{.requires_password = false,
                                              .data = tl::Bytes(bytes, bytes + data.size())},
  };
}

tl::enums::KeyboardInlineButton url_button(std::string text, std::string url) {
  if (url.empty()) throw std::invalid_argument("URL button \"" + text + "\": the URL is empty");
  return types::KeyboardInlineButton{
      .style = std::nullopt,
      .text = checked_text(std::move(text)),
      .type = types::InlineButtonTypeUrl{.url = std::move(url)},
  };
}

tl::enums::KeyboardInlineButton switch_inline_button(std::string text, std::string query, bool same_peer) {
  return types::KeyboardInlineButton{
      .style = std::nullopt,
      .text = checked_text(std::move(text)),
      .type =
          types::InlineButtonTypeSwitchInline{
              .same_peer = same_peer, .query = std::move(query), .peer_types = {}},
  };
}

InlineKeyboard& InlineKeyboard::row(std::vector<tl::enums::KeyboardInlineButton> buttons) {
  if (buttons.empty()) {
    throw std::invalid_argument("inline keyboard: row " + std::to_string(rows_.size() + 1) +
                                " has no buttons");
  }
  rows_.push_back(types::KeyboardInlineButtonRow{.buttons = std::move(buttons)});
  return *this;
}

tl::enums::ReplyMarkup InlineKeyboard::build() const {
  if (rows_.empty()) throw std::invalid_argument("inline keyboard: no rows");
  return types::ReplyInlineMarkup{.force_reply = false, .rows = rows_};
}

tl::enums::KeyboardButton text_button(std::string text) {
  return types::KeyboardButton{
      .style = std::nullopt, .text = checked_text(std::move(text)), .type = types::ButtonTypeDefault{}};
}

tl::enums::KeyboardButton phone_button(std::string text) {
  return types::KeyboardButton{
      .style = std::nullopt, .text = checked_text(std::move(text)), .type = types::ButtonTypeRequestPhone{}};
}

tl::enums::KeyboardButton location_button(std::string text) {
  return types::KeyboardButton{.style = std::nullopt,
                               .text = checked_text(std::move(text)),
                               .type = types::ButtonTypeRequestGeoLocation{}};
}

ReplyKeyboard& ReplyKeyboard::row(std::vector<tl::enums::KeyboardButton> buttons) {
  if (buttons.empty()) {
    throw std::invalid_argument("reply keyboard: row " + std::to_string(rows_.size() + 1) +
                                " has no buttons");
  }
  rows_.push_back(types::KeyboardButtonRow{.buttons = std::move(buttons)});
  return *this;
}

ReplyKeyboard& ReplyKeyboard::resize(bool on) {
  resize_ = on;
  return *this;
}

ReplyKeyboard& ReplyKeyboard::single_use(bool on) {
  single_use_ = on;
  return *this;
}

ReplyKeyboard& ReplyKeyboard::selective(bool on) {
  selective_ = on;
  return *this;
}

ReplyKeyboard& ReplyKeyboard::persistent(bool on) {
  persistent_ = on;
  return *this;
}

ReplyKeyboard& ReplyKeyboard::placeholder(std::string text) {
  placeholder_ = checked_placeholder(std::move(text));
  return *this;
}

tl::enums::ReplyMarkup ReplyKeyboard::build() const {
  if (rows_.empty()) throw std::invalid_argument("reply keyboard: no rows");
  return types::ReplyKeyboardMarkup{
      .resize = resize_,
      .single_use = single_use_,
      .selective = selective_,
      .persistent = persistent_,
      .force_reply = false,
      .rows = rows_,
      .placeholder = placeholder_,
  };
}

tl::enums::ReplyMarkup remove_keyboard(bool selective) {
  return types::ReplyKeyboardHide{.selective = selective};
}

tl::enums::ReplyMarkup force_reply(std::optional<std::string> placeholder, bool selective) {
  if (placeholder) placeholder = checked_placeholder(std::move(*placeholder));
  return types::ReplyKeyboardForceReply{
      .single_use = false, .selective = selective, .placeholder = std::move(placeholder)};
}

}  // namespace layer::client
