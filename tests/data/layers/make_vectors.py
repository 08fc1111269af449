#!/usr/bin/python3
"""Writes vectors/144_*.bin: objects as Telethon 1.25.1 (layer 144) serializes
them, for the fake DC's layer translation tests. Run with Debian's python3."""
import os

from telethon.tl import functions, types
from telethon.tl.alltlobjects import LAYER

assert LAYER == 144, LAYER
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'vectors')
bot = types.User(id=1000001, bot=True, access_hash=-42, first_name='Echo', username='echo_bot',
                 status=types.UserStatusEmpty(), bot_info_version=1)
objects = {
    'user': bot,
    'authorization': types.auth.Authorization(user=bot),
    'send_message': functions.messages.SendMessageRequest(
        peer=types.InputPeerUser(1000000, 77), message='hi', random_id=5, silent=True),
}
for name, obj in objects.items():
    with open(os.path.join(here, '144_%s.bin' % name), 'wb') as f:
        f.write(bytes(obj))
