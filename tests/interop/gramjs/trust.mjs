// Makes GramJS trust only the fake DC's key.
import { createRequire } from "module";
import crypto from "crypto";
import fs from "fs";

const require = createRequire(import.meta.url);
const RSA = require("telegram/crypto/RSA");
const { serializeBytes } = require("telegram/tl/generationHelpers");
const bigInt = require("big-integer");

// GramJS keys its trusted RSA keys by the signed decimal fingerprint: the low
// 64 bits of SHA-1 over the TL-serialized modulus and exponent.
export function trustOnly(pemFile) {
  const jwk = crypto.createPublicKey(fs.readFileSync(pemFile)).export({ format: "jwk" });
  const n = Buffer.from(jwk.n, "base64url");
  const e = Buffer.from(jwk.e, "base64url");
  const digest = crypto.createHash("sha1").update(Buffer.concat([serializeBytes(n), serializeBytes(e)])).digest();
  RSA._serverKeys.clear();
  RSA._serverKeys.set(digest.subarray(12, 20).readBigInt64LE(0).toString(), {
    n: bigInt(n.toString("hex"), 16),
    e: parseInt(e.toString("hex"), 16),
  });
}

