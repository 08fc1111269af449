#!/usr/bin/python3
"""Runs our echo bot, Telethon's and GramJS's against one fake DC on loopback,
each under the same user load, and prints one JSON line (see compare.sh for
the keys).

  compare.py BUILD_DIR [N IN_FLIGHT]
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..')
PUBKEY = os.path.join(ROOT, 'tests', 'data', 'fake_dc_rsa_public.pem')
PHONE = '+999662000001'
# One bot account each, so no bot inherits another's chat history or updates.
BOTS = ['layer_echo_bot', 'telethon_echo_bot', 'gramjs_echo_bot']


def start_fakedc(build):
    # The log goes to a file: a pipe nobody reads would fill and stall the server.
    log = tempfile.NamedTemporaryFile('w+', prefix='fakedc-', suffix='.log', delete=False)
    command = [os.path.join(build, 'tests', 'fakedc', 'fakedc'), '--port', '0', '--dcs', '2',
               '--user', PHONE + ':Bench:bench_user']
    for name in BOTS:
        command += ['--bot', 'Echo:' + name]
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
    text = ''
    for _ in range(200):
        with open(log.name) as f:
            text = f.read()
        port = re.search(r'^DC 2 127\.0\.0\.1:(\d+) ', text, re.M)
        tokens = dict(re.findall(r'^bot @(\w+) token (\S+)', text, re.M))
        if port and len(tokens) == len(BOTS):
            return server, log.name, int(port.group(1)), tokens
        time.sleep(0.05)
    server.kill()
    sys.exit('fakedc did not start:\n' + text)


def echo_load(build, port, bot, command, n, in_flight):
    """Starts the bot, runs the user load against it, stops the bot; the load's JSON."""
    # The bot reads its stdin only to see it close: that is how it is stopped.
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        if line.strip() != 'ready':
            sys.exit('%s did not start (%r)' % (command[0], line))
        out = subprocess.run([os.path.join(build, 'bench', 'bots', 'bots_bench'), 'user', str(port), PUBKEY, PHONE,
                              '@' + bot, str(n), str(in_flight)],
                             check=True, stdout=subprocess.PIPE, text=True, timeout=300)
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # A bot that failed on the way (its error is on stderr) spoils its number.
    if process.returncode != 0:
        sys.exit('%s exited with %d' % (command[0], process.returncode))
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    build = sys.argv[1]
    n, in_flight = (int(a) for a in (sys.argv[2:4] if len(sys.argv) >= 4 else ('30000', '1000')))
    server, log, port, tokens = start_fakedc(build)
    bots = {
        'layer': [os.path.join(build, 'bench', 'bots', 'bots_bench'), 'bot'],
        'telethon': ['/usr/bin/python3', os.path.join(HERE, 'telethon_echo_bot.py')],
        'gramjs': ['node', os.path.join(HERE, 'gramjs_echo_bot.mjs')],
    }
    results = {}
    try:
        for (library, command), bot in zip(bots.items(), BOTS):
            results[library] = echo_load(build, port, bot, command + [str(port), PUBKEY, tokens[bot]], n, in_flight)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        os.unlink(log)
    print(json.dumps({
        'echo_per_s': results['layer']['echo_per_s'],
        'p50_ms': round(results['layer']['p50_ms'], 3),
        'p99_ms': round(results['layer']['p99_ms'], 3),
        'telethon_echo_per_s': results['telethon']['echo_per_s'],
        'gramjs_echo_per_s': results['gramjs']['echo_per_s'],
    }))


if __name__ == '__main__':
    main()
