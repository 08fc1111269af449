// A GramJS user (TelegramClient, layer 198) on the fake DC.
//
//   node user.mjs PHONE
//
// Reads LAYER_FAKEDC_PORT and LAYER_FAKEDC_PUBKEY. Signs in by code (the fake
// DC's code is the DC id five times), sends "hello from layer 198" to
// @echo_bot and waits for the bot to say it back.
import { createRequire } from "module";
import { trustOnly } from "./trust.mjs";

const require = createRequire(import.meta.url);
const { TelegramClient } = require("telegram");
const { MemorySession } = require("telegram/sessions");
const { NewMessage } = require("telegram/events");
const connections = require("telegram/network/connection");
const { Logger, LogLevel } = require("telegram/extensions/Logger");

const TEXT = "hello from layer 198";

async function run(phone, port) {
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
  await client.start({
    phoneNumber: async () => phone,
    phoneCode: async () => "22222",
    onError: async (e) => { throw e; },
  });
  const me = await client.getMe();
  console.log(`signed in as ${me.firstName} (layer 198)`);
  const echoed = new Promise((resolve) => {
    client.addEventHandler((event) => {
      if (event.message.message === TEXT) resolve();
    }, new NewMessage({ incoming: true }));
  });
  await client.sendMessage("echo_bot", { message: TEXT });
  console.log("sent to @echo_bot");
  await echoed;
  console.log("the bot said it back");
  await client.destroy();
}

trustOnly(process.env.LAYER_FAKEDC_PUBKEY);
const timeout = setTimeout(() => { console.log("timed out"); process.exit(1); }, 50000);
run(process.argv[2], Number(process.env.LAYER_FAKEDC_PORT)).then(
  () => { clearTimeout(timeout); process.exit(0); },
  (e) => { console.log(e && e.stack ? e.stack : e); process.exit(1); });
