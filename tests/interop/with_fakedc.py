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
    status = run_once(fakedc, command)
    if status != 0:
        print('first run failed (%d); trying once more against a fresh fake DC' % status, flush=True)
        status = run_once(fakedc, command)
    return status


def run_once(fakedc, command):
    here = os.path.dirname(os.path.abspath(__file__))
    pubkey = os.path.join(here, '..', 'data', 'fake_dc_rsa_public.pem')
    server = subprocess.Popen([fakedc, '--port', '0', '--dcs', '2'], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        # Its log (stderr, merged here) may come before the DC lines on stdout.
        seen = []
        match = None
        while not match and len(seen) < 20:
            line = server.stdout.readline()
            if not line:
                break
            seen.append(line)
            match = re.match(r'DC 2 127\.0\.0\.1:(\d+) ', line)
        print(''.join(seen), end='')
        if not match:
            print('fakedc did not announce DC 2')
            return 1
        env = dict(os.environ, LAYER_FAKEDC_PORT=match.group(1), LAYER_FAKEDC_PUBKEY=pubkey)
        try:
            status = subprocess.run(command, env=env, timeout=TIMEOUT).returncode
        except subprocess.TimeoutExpired:
            print('client timed out after %d s' % TIMEOUT)
            status = 1
    finally:
        server.send_signal(signal.SIGTERM)
        log, _ = server.communicate(timeout=10)
        print(log, end='')
    if server.returncode != 0:
        print('fakedc exited with %d' % server.returncode)
        return 1
    return status


if __name__ == '__main__':
    sys.exit(main())
