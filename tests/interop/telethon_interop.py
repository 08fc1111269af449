#!/usr/bin/python3
"""Telethon (Debian's python3-telethon, TL layer 144) against the fake DC.

  telethon_interop.py {intermediate|full|obfuscated|padded|abridged}

Reads LAYER_FAKEDC_PORT and LAYER_FAKEDC_PUBKEY (see with_fakedc.py). Uses
Telethon's own sender and codecs, trusting only the fake DC's key, then checks:
- the key exchange completes (Telethon encrypts p_q_inner_data the old way);
- invokeWithLayer(144, initConnection(help.getNearestDc)) answers DC 2. The
  call and nearestDc are the same constructors in layer 144 and in ours;
- ping answers its ping_id;
- a method the fake DC does not serve (help.getSupport) gets a 400 rpc_error
  rather than silence.
"""
import asyncio
import logging
import os
import struct
import sys

from telethon import errors
from telethon.crypto import rsa
from telethon.network import MTProtoSender
from telethon.network.connection import (ConnectionTcpAbridged, ConnectionTcpFull,
                                         ConnectionTcpIntermediate, ConnectionTcpObfuscated)
from telethon.network.connection.connection import Connection
from telethon.network.connection.tcpintermediate import RandomizedIntermediatePacketCodec
from telethon.tl import functions
from telethon.tl.alltlobjects import LAYER


class PaddedCodec(RandomizedIntermediatePacketCodec):
    # Telethon uses this codec only behind MTProxy, where the tag is hidden.
    tag = b'\xdd\xdd\xdd\xdd'


class ConnectionTcpPadded(Connection):
    packet_codec = PaddedCodec


CONNECTIONS = {
    'abridged': ConnectionTcpAbridged,
    'intermediate': ConnectionTcpIntermediate,
    'padded': ConnectionTcpPadded,
    'full': ConnectionTcpFull,
    'obfuscated': ConnectionTcpObfuscated,
}


class Loggers(dict):
    def __missing__(self, name):
        return logging.getLogger(name)


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print('ok:', what, flush=True)


async def run(connection_class, port):
    loggers = Loggers()
    sender = MTProtoSender(None, loggers=loggers, retries=1, delay=0.5, auto_reconnect=False,
                           connect_timeout=10)
    await sender.connect(connection_class('127.0.0.1', port, 2, loggers=loggers))
    try:
        check(sender.auth_key is not None, 'key exchange')
        nearest = await sender.send(functions.InvokeWithLayerRequest(LAYER, functions.InitConnectionRequest(
            api_id=1, device_model='layer interop', system_version='linux', app_version='1.0',
            system_lang_code='en', lang_pack='', lang_code='en', query=functions.help.GetNearestDcRequest())))
        check(nearest.this_dc == 2 and nearest.nearest_dc == 2, 'help.getNearestDc names DC 2')
        ping_id = struct.unpack('<q', os.urandom(8))[0]
        pong = await sender.send(functions.PingRequest(ping_id=ping_id))
        check(pong.ping_id == ping_id, 'ping answers its ping_id')
        try:
            await sender.send(functions.help.GetSupportRequest())
            check(False, 'an unserved method is refused')
        except errors.RPCError as e:
            check(e.code == 400 and 'INPUT_METHOD_INVALID' in e.message, 'an unserved method gets ' + e.message)
    finally:
        await sender.disconnect()


def main():
    transport = sys.argv[1] if len(sys.argv) > 1 else 'intermediate'
    rsa._server_keys.clear()
    with open(os.environ['LAYER_FAKEDC_PUBKEY']) as f:
        rsa.add_key(f.read(), old=False)
    print('telethon layer %d over %s' % (LAYER, transport), flush=True)
    asyncio.run(asyncio.wait_for(run(CONNECTIONS[transport], int(os.environ['LAYER_FAKEDC_PORT'])), 30))
    return 0


if __name__ == '__main__':
    sys.exit(main())
