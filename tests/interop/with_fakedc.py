#!/usr/bin/python3
"""Runs one client command against a fresh fake DC and reports its outcome.

  with_fakedc.py FAKEDC_BINARY -- COMMAND ARGS...

Starts FAKEDC_BINARY on free loopback ports, passes DC 2's port and the public
key file to COMMAND as LAYER_FAKEDC_PORT and LAYER_FAKEDC_PUBKEY, and stops
the server with SIGTERM afterwards. Fails when the command fails or times out,
or when the server does not exit cleanly; the server's log is printed either way.

A failed run is tried once more against a fresh server, saying so: one GramJS
run in several hundred has failed on a loaded machine without leaving a trace
to diagnose, and a second failure in a row is what marks a real regression.
"""
import os
import re
import signal
import subprocess
import sys

TIMEOUT = 60


def main():
    if len(sys.argv) < 4 or sys.argv[2] != '--':
        sys.exit(__doc__)
    fakedc, command = sys.argv[1], sys.argv[3:]
    return twice(lambda: run_once(fakedc, command))


def twice(run):
    """Runs run() and, when it fails, once more, saying so."""
    status = run()
    if status != 0:
        print('first run failed (%d); trying once more against a fresh fake DC' % status, flush=True)
        status = run()
    return status


def start(fakedc, *args):
    """Starts fakedc (DC 2 only, free port) and waits for its DC line.

    Returns the process and the environment for clients: LAYER_FAKEDC_PORT,
    LAYER_FAKEDC_PUBKEY and, when it seeded a bot, LAYER_BOT_TOKEN. None for
    the environment when the server did not announce DC 2.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, LAYER_FAKEDC_PUBKEY=os.path.join(here, '..', 'data', 'fake_dc_rsa_public.pem'))
    server = subprocess.Popen([fakedc, '--port', '0', '--dcs', '2', *args], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    # Its log (stderr, merged here) may come before the DC lines on stdout.
    seen = []
    while len(seen) < 20:
        line = server.stdout.readline()
        if not line:
            break
        seen.append(line)
        token = re.match(r'bot @\w+ token (\S+)', line)
        if token:
            env['LAYER_BOT_TOKEN'] = token.group(1)
        match = re.match(r'DC 2 127\.0\.0\.1:(\d+) ', line)
        if match:
            env['LAYER_FAKEDC_PORT'] = match.group(1)
            break
    print(''.join(seen), end='')
    if 'LAYER_FAKEDC_PORT' not in env:
        print('fakedc did not announce DC 2')
        return server, None
    return server, env


def stop(server):
    """Stops the server with SIGTERM, prints its log; 0 when it exited cleanly."""
    server.send_signal(signal.SIGTERM)
    log, _ = server.communicate(timeout=10)
    print(log, end='')
    if server.returncode != 0:
        print('fakedc exited with %d' % server.returncode)
    return server.returncode


def run_once(fakedc, command):
    server, env = start(fakedc)
    status = 1
    try:
        if env is not None:
            try:
                status = subprocess.run(command, env=env, timeout=TIMEOUT).returncode
            except subprocess.TimeoutExpired:
                print('client timed out after %d s' % TIMEOUT)
    finally:
        if stop(server) != 0:
            status = 1
    return status


if __name__ == '__main__':
    sys.exit(main())
