// GramJS's echo bot for bench/bots/compare.sh, on the fake DC.
//
//   node gramjs_echo_bot.mjs PORT PUBKEY_PEM BOT_TOKEN
//
// The library's own idiom: a TelegramClient signed in with the bot token, a
// NewMessage handler answering each private text with message.respond
// ("Echo: <text>"). Trusts only the fake DC's key, prints "ready" once signed
// in and echoes until stdin closes or SIGTERM.
import { createRequire } from "module";
import path from "path";
import { fileURLToPath } from "url";
import { trustOnly } from "../../tests/interop/gramjs/trust.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tests/interop/gramjs/package.json"));
const { TelegramClient } = require("telegram");
const { MemorySession } = require("telegram/sessions");
const { NewMessage } = require("telegram/events");
const connections = require("telegram/network/connection");
const { Logger, LogLevel } = require("telegram/extensions/Logger");

const [port, pem, token] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
trustOnly(pem);
// TelegramClient.connect() dials port 80 or 443 whatever the session says.
class OnPort extends connections.ConnectionTCPFull {
  constructor(options) { super({ ...options, port }); }
}
const session = new MemorySession();
session.setDC(2, "127.0.0.1", port);
const client = new TelegramClient(session, 1, "0".repeat(32), {
  connection: OnPort, connectionRetries: 1, retryDelay: 500, autoReconnect: false, timeout: 10,
  useWSS: false, baseLogger: new Logger(LogLevel.NONE),
});
await client.start({ botAuthToken: token });
client.addEventHandler(async (event) => {
  if (event.message.message) await event.message.respond({ message: "Echo: " + event.message.message });
}, new NewMessage({ incoming: true, func: (event) => event.isPrivate }));
console.log("ready");
// The parent closing the pipe (or dying) ends the bot.
process.stdin.resume();
process.stdin.on("end", async () => {
  await client.destroy();
  process.exit(0);
});
