#!/usr/bin/python3
"""Telethon's side of bench/client/compare.sh: pipelined help.getNearestDc.

  telethon_pipelined.py PORT PUBKEY_PEM IN_FLIGHT ROUNDS

Connects with Telethon's own MTProtoSender (intermediate transport), trusting
only the fake DC's key, then runs ROUNDS rounds of IN_FLIGHT calls sent at once
and prints {"telethon_rps": ...} for the rounds after the first.
"""
import asyncio
import json
import logging
import sys
import time

from telethon.crypto import rsa
from telethon.network import MTProtoSender
from telethon.network.connection import ConnectionTcpIntermediate
from telethon.tl import functions
from telethon.tl.alltlobjects import LAYER


class Loggers(dict):
    def __missing__(self, name):
        return logging.getLogger(name)


def trust_only(pem_path):
    with open(pem_path) as f:
        pem = f.read()
    rsa._server_keys.clear()
    rsa.add_key(pem, old=False)


async def run(port, in_flight, rounds):
    loggers = Loggers()
    sender = MTProtoSender(None, loggers=loggers, retries=1, delay=0.5, auto_reconnect=False, connect_timeout=10)
    await sender.connect(ConnectionTcpIntermediate('127.0.0.1', port, 2, loggers=loggers))
    await sender.send(functions.InvokeWithLayerRequest(LAYER, functions.InitConnectionRequest(
        api_id=1, device_model='bench', system_version='linux', app_version='1.0', system_lang_code='en',
        lang_pack='', lang_code='en', query=functions.help.GetNearestDcRequest())))
    timed = 0
    calls = 0
    for r in range(rounds):
        start = time.perf_counter()
        await asyncio.gather(*[sender.send(functions.help.GetNearestDcRequest()) for _ in range(in_flight)])
        if r > 0:
            timed += time.perf_counter() - start
            calls += in_flight
    await sender.disconnect()
    return calls / timed


def main():
    port, pem, in_flight, rounds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    trust_only(pem)
    print(json.dumps({'telethon_rps': round(asyncio.run(run(port, in_flight, rounds)))}))


if __name__ == '__main__':
    main()
