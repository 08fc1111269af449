#!/usr/bin/python3
"""A Telethon echo bot (TelegramClient, layer 144) on the fake DC.

  telethon_bot.py

Reads LAYER_FAKEDC_PORT, LAYER_FAKEDC_PUBKEY and LAYER_BOT_TOKEN. Signs in
with the token (auth.importBotAuthorization: the fake DC writes the
auth.authorization and user of layer 144), prints "ready", answers the first
private message with the same text, prints "echoed TEXT" and exits.
"""
import asyncio
import logging
import os
import sys

from telethon import TelegramClient, events
from telethon.crypto import rsa
from telethon.network.connection import ConnectionTcpIntermediate
from telethon.sessions import MemorySession


async def run(port, token):
    session = MemorySession()
    session.set_dc(2, '127.0.0.1', port)
    client = TelegramClient(session, 1, '0' * 32, connection=ConnectionTcpIntermediate, timeout=10,
                            connection_retries=1, retry_delay=0.5, auto_reconnect=False)
    echoed = asyncio.Event()

    @client.on(events.NewMessage(incoming=True))
    async def echo(event):
        await event.respond(event.raw_text)
        print('echoed', event.raw_text, flush=True)
        echoed.set()

    await client.start(bot_token=token)
    me = await client.get_me()
    if not me.bot or me.username != 'echo_bot':
        raise AssertionError('signed in as %r' % me)
    print('ready as @%s (layer 144)' % me.username, flush=True)
    await echoed.wait()
    await client.disconnect()


def main():
    logging.basicConfig(level=logging.WARNING)
    rsa._server_keys.clear()
    with open(os.environ['LAYER_FAKEDC_PUBKEY']) as f:
        rsa.add_key(f.read(), old=False)
    asyncio.run(asyncio.wait_for(run(int(os.environ['LAYER_FAKEDC_PORT']), os.environ['LAYER_BOT_TOKEN']), 50))
    return 0


if __name__ == '__main__':
    sys.exit(main())
