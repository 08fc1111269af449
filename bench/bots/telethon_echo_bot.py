#!/usr/bin/python3
"""Telethon's echo bot for bench/bots/compare.sh, on the fake DC.

  telethon_echo_bot.py PORT PUBKEY_PEM BOT_TOKEN

The library's own idiom: a TelegramClient signed in with the bot token, an
events.NewMessage handler answering each private text with event.respond
("Echo: <text>"). Trusts only the fake DC's key, prints "ready" once signed
in and echoes until stdin closes or SIGTERM.
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

    @client.on(events.NewMessage(incoming=True, func=lambda e: e.is_private and e.raw_text))
    async def echo(event):
        await event.respond('Echo: ' + event.raw_text)

    await client.start(bot_token=token)
    print('ready', flush=True)
    # The parent closing the pipe (or dying) ends the bot.
    eof = asyncio.Event()

    def read_stdin():
        if not os.read(0, 4096):
            eof.set()

    loop = asyncio.get_running_loop()
    loop.add_reader(0, read_stdin)
    await eof.wait()
    loop.remove_reader(0)
    await client.disconnect()


def main():
    logging.basicConfig(level=logging.WARNING)
    port, pem, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rsa._server_keys.clear()
    with open(pem) as f:
        rsa.add_key(f.read(), old=False)
    asyncio.run(run(port, token))


if __name__ == '__main__':
    main()
