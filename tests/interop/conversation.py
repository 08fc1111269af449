#!/usr/bin/python3
"""Two clients we did not write, of two older layers, talk through the fake DC.

  conversation.py FAKEDC_BINARY NODE

A Telethon echo bot (layer 144, telethon_bot.py) signs in with its token; then
a GramJS user (layer 198, gramjs/user.mjs) signs in by code, sends a message
to @echo_bot and waits for the bot to say it back. The fake DC answers each in
its own layer (its translator rewrites user, auth.authorization, config,
message, dialog, messages.sendMessage, ...). Tried once more on failure, as
with_fakedc.py does.
"""
import os
import subprocess
import sys

from with_fakedc import TIMEOUT, start, stop, twice

PHONE = '+999662000002'


def run_once(fakedc, node):
    here = os.path.dirname(os.path.abspath(__file__))
    server, env = start(fakedc, '--bot', 'Echo:echo_bot', '--user', PHONE + ':Gina')
    status = 1
    try:
        if env is None:
            return 1
        bot = subprocess.Popen(['/usr/bin/python3', os.path.join(here, 'telethon_bot.py')], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # The bot's script gives up by itself after 50 s, so these reads end.
        for line in bot.stdout:
            print('bot:', line, end='', flush=True)
            if line.startswith('ready'):
                break
        try:
            user = subprocess.run([node, os.path.join(here, 'gramjs', 'user.mjs'), PHONE], env=env,
                                  timeout=TIMEOUT)
            rest, _ = bot.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            print('a client timed out after %d s' % TIMEOUT)
            bot.kill()
            return 1
        for line in rest.splitlines():
            print('bot:', line)
        print('user exited with %d, bot with %d' % (user.returncode, bot.returncode))
        status = 0 if user.returncode == 0 and bot.returncode == 0 else 1
    finally:
        if stop(server) != 0:
            status = 1
    return status


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(twice(lambda: run_once(sys.argv[1], sys.argv[2])))
