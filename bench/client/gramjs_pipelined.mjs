// GramJS's side of bench/client/compare.sh: pipelined help.getNearestDc.
//
//   node gramjs_pipelined.mjs PORT PUBKEY_PEM IN_FLIGHT ROUNDS
//
// Connects with GramJS's own MTProtoSender (the npm package pinned for the
// interop tests), trusting only the fake DC's key, runs ROUNDS rounds of
// IN_FLIGHT calls sent at once and prints {"gramjs_rps": ...} for the rounds
// after the first.
import { createRequire } from "module";
import path from "path";
import { fileURLToPath } from "url";
import { trustOnly } from "../../tests/interop/gramjs/trust.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../tests/interop/gramjs/package.json"));
const { Api } = require("telegram");
const { MTProtoSender } = require("telegram/network/MTProtoSender");
const { ConnectionTCPFull } = require("telegram/network/connection");
const { PromisedNetSockets } = require("telegram/extensions/PromisedNetSockets");
const { Logger, LogLevel } = require("telegram/extensions/Logger");
const { AuthKey } = require("telegram/crypto/AuthKey");
const { LAYER } = require("telegram/tl/AllTLObjects");

const [port, pem, inFlight, rounds] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4]),
                                       Number(process.argv[5])];
trustOnly(pem);
const logger = new Logger(LogLevel.NONE);
const sender = new MTProtoSender(new AuthKey(), {
  logger, dcId: 2, retries: 1, delay: 500, autoReconnect: false, connectTimeout: 10,
  client: { _errorHandler: undefined, networkSocket: PromisedNetSockets },
  isMainSender: true, _exportedSenderPromises: new Map(),
});
await sender.connect(new ConnectionTCPFull({ ip: "127.0.0.1", port, dcId: 2, loggers: logger,
  socket: PromisedNetSockets, testServers: false }), false);
await sender.send(new Api.InvokeWithLayer({ layer: LAYER, query: new Api.InitConnection({
  apiId: 1, deviceModel: "bench", systemVersion: "linux", appVersion: "1.0", systemLangCode: "en", langPack: "",
  langCode: "en", query: new Api.help.GetNearestDc() }) }));
let timed = 0;
let calls = 0;
for (let r = 0; r < rounds; ++r) {
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: inFlight }, () => sender.send(new Api.help.GetNearestDc())));
  if (r > 0) {
    timed += Number(process.hrtime.bigint() - start) / 1e9;
    calls += inFlight;
  }
}
await sender.disconnect();
console.log(JSON.stringify({ gramjs_rps: Math.round(calls / timed) }));
process.exit(0);
