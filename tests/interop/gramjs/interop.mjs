// GramJS (npm telegram, pinned in package-lock.json, TL layer 198) against the fake DC.
//
//   node interop.mjs {full|abridged|obfuscated}
//
// Reads LAYER_FAKEDC_PORT and LAYER_FAKEDC_PUBKEY (see ../with_fakedc.py). Uses
// GramJS's own sender and codecs, trusting only the fake DC's key, then checks
// the key exchange (GramJS encrypts p_q_inner_data with RSA_PAD),
// invokeWithLayer(198, initConnection(help.getNearestDc)) (the same
// constructors in layer 198 and in ours), ping, and that a method the fake DC
// does not serve gets a 400 rpc_error.
import { createRequire } from "module";
import crypto from "crypto";
import { trustOnly } from "./trust.mjs";

const require = createRequire(import.meta.url);
const { Api, errors } = require("telegram");
const { MTProtoSender } = require("telegram/network/MTProtoSender");
const connections = require("telegram/network/connection");
const { PromisedNetSockets } = require("telegram/extensions/PromisedNetSockets");
const { Logger, LogLevel } = require("telegram/extensions/Logger");
const { AuthKey } = require("telegram/crypto/AuthKey");
const { LAYER } = require("telegram/tl/AllTLObjects");
const bigInt = require("big-integer");

const CONNECTIONS = {
  full: connections.ConnectionTCPFull,
  abridged: connections.ConnectionTCPAbridged,
  obfuscated: connections.ConnectionTCPObfuscated,
};

function check(condition, what) {
  if (!condition) throw new Error("failed: " + what);
  console.log("ok:", what);
}

async function run(transport, port) {
  const logger = new Logger(LogLevel.NONE);
  const sender = new MTProtoSender(new AuthKey(), {
    logger, dcId: 2, retries: 1, delay: 500, autoReconnect: false, connectTimeout: 10,
    client: { _errorHandler: undefined, networkSocket: PromisedNetSockets },
    isMainSender: true, _exportedSenderPromises: new Map(),
  });
  const Connection = CONNECTIONS[transport];
  const connection = new Connection({ ip: "127.0.0.1", port, dcId: 2, loggers: logger,
    socket: PromisedNetSockets, testServers: false });
  check(await sender.connect(connection, false), "key exchange");
  try {
    const nearest = await sender.send(new Api.InvokeWithLayer({ layer: LAYER, query: new Api.InitConnection({
      apiId: 1, deviceModel: "layer interop", systemVersion: "linux", appVersion: "1.0",
      systemLangCode: "en", langPack: "", langCode: "en", query: new Api.help.GetNearestDc() }) }));
    check(nearest.thisDc === 2 && nearest.nearestDc === 2, "help.getNearestDc names DC 2");
    const pingId = bigInt(crypto.randomBytes(8).readBigInt64LE(0).toString());
    const pong = await sender.send(new Api.Ping({ pingId }));
    check(pong.pingId.eq(pingId), "ping answers its ping_id");
    try {
      await sender.send(new Api.help.GetSupport());
      check(false, "an unserved method is refused");
    } catch (e) {
      check(e instanceof errors.RPCError && e.code === 400 && e.errorMessage.startsWith("INPUT_METHOD_INVALID"),
            "an unserved method gets " + e.errorMessage);
    }
  } finally {
    await sender.disconnect();
  }
}

const transport = process.argv[2] ?? "full";
if (!CONNECTIONS[transport]) throw new Error("transport must be one of " + Object.keys(CONNECTIONS).join(", "));
trustOnly(process.env.LAYER_FAKEDC_PUBKEY);
console.log(`gramjs layer ${LAYER} over ${transport}`);
const timeout = setTimeout(() => { console.log("timed out"); process.exit(1); }, 30000);
run(transport, Number(process.env.LAYER_FAKEDC_PORT)).then(
  () => { clearTimeout(timeout); process.exit(0); },
  (e) => { console.log(e && e.stack ? e.stack : e); process.exit(1); });
