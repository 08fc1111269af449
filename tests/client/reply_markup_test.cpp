// The reply markup builders: the TL values they make, and std::invalid_argument
// naming the problem for every input Telegram would refuse.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "layer/client/reply_markup.hpp"
#include "layer/tl/printer.hpp"
#include "layer/tl/types/root.hpp"

namespace layer::client::test {
namespace {

namespace types = tl::types;

tl::Bytes bytes(std::string_view s) {
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  return tl::Bytes(p, p + s.size());
}

void expect_invalid(const std::function<void()>& f, std::string_view in_message) {
  try {
    f();
    ADD_FAILURE() << "no std::invalid_argument; expected one saying \"" << in_message << "\"";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string_view(e.what()).find(in_message), std::string_view::npos) << e.what();
  }
}

TEST(InlineKeyboard, RowsOfButtons) {
  const tl::enums::ReplyMarkup markup = InlineKeyboard{}
                                            .row({callback_button("Yes", "y"), callback_button("No", "n")})
                                            .row({url_button("Docs", "https://core.telegram.org/bots"),
                                                  switch_inline_button("Share", "q", true)})
                                            .row({switch_inline_button("Elsewhere", "")})
                                            .build();
  const auto* inline_markup = markup.as<types::ReplyInlineMarkup>();
  ASSERT_NE(inline_markup, nullptr) << markup;
  EXPECT_FALSE(inline_markup->force_reply);
  const types::ReplyInlineMarkup expected{
      .force_reply = false,
      .rows = {
          types::KeyboardInlineButtonRow{
              .buttons = {types::KeyboardInlineButton{
                              .style = std::nullopt,
                              .text = "Yes",
                              .type = types::InlineButtonTypeCallback{.requires_password = false,
                                                                      .data = bytes("y")}},
                          types::KeyboardInlineButton{
                              .style = std::nullopt,
                              .text = "No",
                              .type = types::InlineButtonTypeCallback{.requires_password = false,
                                                                      .data = bytes("n")}}}},
          types::KeyboardInlineButtonRow{
              .buttons = {types::KeyboardInlineButton{
                              .style = std::nullopt,
                              .text = "Docs",
                              .type = types::InlineButtonTypeUrl{.url = "https://core.telegram.org/bots"}},
                          types::KeyboardInlineButton{
                              .style = std::nullopt,
                              .text = "Share",
                              .type =
                                  types::InlineButtonTypeSwitchInline{
                                      .same_peer = true, .query = "q", .peer_types = std::nullopt}}}},
          types::KeyboardInlineButtonRow{
              .buttons = {types::KeyboardInlineButton{
                  .style = std::nullopt,
                  .text = "Elsewhere",
                  .type = types::InlineButtonTypeSwitchInline{.same_peer = false,
                                                              .query = "",
                                                              .peer_types = std::nullopt}}}},
      }};
  EXPECT_EQ(markup, tl::enums::ReplyMarkup(expected)) << markup;
}

TEST(InlineKeyboard, CallbackDataIsBytes) {
  const std::string data(
      "\0\xff"
      "64",
      4);
  const auto button = callback_button("b", data);
  const auto* type = button.as<types::KeyboardInlineButton>()->type.as<types::InlineButtonTypeCallback>();
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->data, bytes(data));
  EXPECT_NO_THROW(callback_button("max", std::string(64, 'x')));
}

TEST(InlineKeyboard, RefusesWhatTelegramWould) {
  expect_invalid([] { callback_button("Big", std::string(65, 'x')); },
                 "callback button \"Big\": the data is 65 bytes");
  expect_invalid([] { callback_button("None", ""); }, "callback button \"None\": the data is 0 bytes");
  expect_invalid([] { callback_button("", "d"); }, "the text is empty");
  expect_invalid([] { url_button("", "https://e.com"); }, "the text is empty");
  expect_invalid([] { url_button("Go", ""); }, "URL button \"Go\": the URL is empty");
  expect_invalid([] { switch_inline_button("", "q"); }, "the text is empty");
  expect_invalid([] { InlineKeyboard{}.build(); }, "inline keyboard: no rows");
  expect_invalid([] { InlineKeyboard{}.row({callback_button("a", "a")}).row({}); }, "row 2 has no buttons");
}

TEST(ReplyKeyboard, RowsAndOptions) {
  const tl::enums::ReplyMarkup markup =
      ReplyKeyboard{}
          .row({text_button("Help"), text_button("Settings")})
          .row({phone_button("Share phone"), location_button("Share location")})
          .resize()
          .single_use()
          .selective()
          .persistent()
          .placeholder("Pick one")
          .build();
  const types::ReplyKeyboardMarkup expected{
      .resize = true,
      .single_use = true,
      .selective = true,
      .persistent = true,
      .force_reply = false,
      .rows = {types::KeyboardButtonRow{
                   .buttons = {types::KeyboardButton{
                                   .style = std::nullopt, .text = "Help", .type = types::ButtonTypeDefault{}},
                               types::KeyboardButton{.style = std::nullopt,
                                                     .text = "Settings",
                                                     .type = types::ButtonTypeDefault{}}}},
               types::KeyboardButtonRow{
                   .buttons = {types::KeyboardButton{.style = std::nullopt,
                                                     .text = "Share phone",
                                                     .type = types::ButtonTypeRequestPhone{}},
                               types::KeyboardButton{.style = std::nullopt,
                                                     .text = "Share location",
                                                     .type = types::ButtonTypeRequestGeoLocation{}}}}},
      .placeholder = "Pick one",
  };
  EXPECT_EQ(markup, tl::enums::ReplyMarkup(expected)) << markup;
}

TEST(ReplyKeyboard, OptionsAreOffUnlessAsked) {
  const auto markup = ReplyKeyboard{}.row({text_button("a")}).resize().resize(false).build();
  const auto* keyboard = markup.as<types::ReplyKeyboardMarkup>();
  ASSERT_NE(keyboard, nullptr);
  EXPECT_FALSE(keyboard->resize);
  EXPECT_FALSE(keyboard->single_use);
  EXPECT_FALSE(keyboard->selective);
  EXPECT_FALSE(keyboard->persistent);
  EXPECT_FALSE(keyboard->placeholder);
}

TEST(ReplyKeyboard, RefusesWhatTelegramWould) {
  expect_invalid([] { text_button(""); }, "the text is empty");
  expect_invalid([] { phone_button(""); }, "the text is empty");
  expect_invalid([] { location_button(""); }, "the text is empty");
  expect_invalid([] { ReplyKeyboard{}.build(); }, "reply keyboard: no rows");
  expect_invalid([] { ReplyKeyboard{}.row({}); }, "row 1 has no buttons");
  expect_invalid([] { ReplyKeyboard{}.placeholder(""); }, "0 characters; Telegram takes 1 to 64");
  expect_invalid([] { ReplyKeyboard{}.placeholder(std::string(65, 'x')); }, "65 characters");
  EXPECT_NO_THROW(ReplyKeyboard{}.placeholder(std::string(64, 'x')));
  // Characters as Telegram counts them: UTF-16 code units.
  std::string emoji;
  for (int i = 0; i < 33; ++i) emoji += "\U0001F44D";
  expect_invalid([&] { ReplyKeyboard{}.placeholder(emoji); }, "66 characters");
}

TEST(RemoveKeyboard, HidesIt) {
  EXPECT_EQ(remove_keyboard(), tl::enums::ReplyMarkup(types::ReplyKeyboardHide{.selective = false}));
  EXPECT_EQ(remove_keyboard(true), tl::enums::ReplyMarkup(types::ReplyKeyboardHide{.selective = true}));
}

TEST(ForceReply, WithAndWithoutPlaceholder) {
  EXPECT_EQ(force_reply(), tl::enums::ReplyMarkup(types::ReplyKeyboardForceReply{
                               .single_use = false, .selective = false, .placeholder = std::nullopt}));
  EXPECT_EQ(force_reply("Your name", true),
            tl::enums::ReplyMarkup(types::ReplyKeyboardForceReply{
                .single_use = false, .selective = true, .placeholder = "Your name"}));
  expect_invalid([] { force_reply(""); }, "placeholder: 0 characters");
}

}  // namespace
}  // namespace layer::client::test
