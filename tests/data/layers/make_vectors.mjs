// Writes vectors/198_*.bin: objects as GramJS 2.26.22 (layer 198) serializes
// them, for the fake DC's layer translation tests. Run from tests/interop/gramjs
// (where the pinned package is installed): node ../../data/layers/make_vectors.mjs
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(process.cwd(), 'package.json'));
const { Api } = require('telegram');
const { LAYER } = require('telegram/tl/AllTLObjects');
const bigInt = require('big-integer');

if (LAYER !== 198) throw new Error(`GramJS speaks layer ${LAYER}`);
const here = join(dirname(fileURLToPath(import.meta.url)), 'vectors');
const bot = new Api.User({
  id: bigInt(1000001), bot: true, accessHash: bigInt(-42), firstName: 'Echo', username: 'echo_bot',
  status: new Api.UserStatusEmpty(), botInfoVersion: 1,
});
const objects = {
  user: bot,
  send_message: new Api.messages.SendMessage({
    peer: new Api.InputPeerUser({ userId: bigInt(1000000), accessHash: bigInt(77) }),
    message: 'hi', randomId: bigInt(5), silent: true,
  }),
};
for (const [name, obj] of Object.entries(objects)) writeFileSync(join(here, `198_${name}.bin`), obj.getBytes());
