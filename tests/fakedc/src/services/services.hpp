// The API the fake DC serves, one file per feature, each adding its handlers
// to the cluster's shared dispatcher.
#pragma once

#include "../dc.hpp"

namespace layer::fakedc::services {

void add_auth(Dispatcher& dispatcher, Shared& shared);
void add_users(Dispatcher& dispatcher, Shared& shared);
// Sends (messages.sendMessage and sendMedia, now or scheduled), edits,
// deletions, typing and reading.
void add_messages(Dispatcher& dispatcher, Shared& shared);
void add_message_reading(Dispatcher& dispatcher, Shared& shared);
void add_edits(Dispatcher& dispatcher, Shared& shared);
void add_updates(Dispatcher& dispatcher, Shared& shared);
// upload.saveFilePart / saveBigFilePart / getFile.
void add_uploads(Dispatcher& dispatcher, Shared& shared);
void add_bot_callbacks(Dispatcher& dispatcher, Shared& shared);
void add_inline_queries(Dispatcher& dispatcher, Shared& shared);
void add_pins(Dispatcher& dispatcher, Shared& shared);
void add_channels(Dispatcher& dispatcher, Shared& shared);
void add_groups(Dispatcher& dispatcher, Shared& shared);
void add_blocking(Dispatcher& dispatcher, Shared& shared);

}  // namespace layer::fakedc::services
