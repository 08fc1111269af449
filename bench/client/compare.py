#!/usr/bin/python3
"""Runs our client, Telethon and GramJS against one fake DC on loopback and
prints one JSON line (see compare.sh for the keys).

  compare.py BUILD_DIR [IN_FLIGHT ROUNDS IDLE_CLIENTS]
"""
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..')
PUBKEY = os.path.join(ROOT, 'tests', 'data', 'fake_dc_rsa_public.pem')


def start_fakedc(build):
    # The log goes to a file: thousands of connections would fill a pipe and
    # stall the server.
    log = tempfile.NamedTemporaryFile('w+', prefix='fakedc-', suffix='.log', delete=False)
    server = subprocess.Popen([os.path.join(build, 'tests', 'fakedc', 'fakedc'), '--port', '0', '--dcs', '2',
                               '--bot', 'Bench:bench_bot'], stdout=log, stderr=subprocess.STDOUT, text=True)
    port = token = None
    for _ in range(200):
        with open(log.name) as f:
            text = f.read()
        port = port or re.search(r'^DC 2 127\.0\.0\.1:(\d+) ', text, re.M)
        token = token or re.search(r'^bot @bench_bot token (\S+)', text, re.M)
        if port and token:
            return server, log.name, int(port.group(1)), token.group(1)
        time.sleep(0.05)
    server.kill()
    sys.exit('fakedc did not start:\n' + text)


def run_json(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    build = sys.argv[1]
    in_flight, rounds, idle = (int(a) for a in (sys.argv[2:5] if len(sys.argv) >= 5 else ('1000', '6', '10000')))
    # Each idle client holds one socket here and one in the server.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    idle = min(idle, hard - 200)
    server, log, port, token = start_fakedc(build)
    try:
        result = run_json([os.path.join(build, 'bench', 'client', 'client_bench'), str(port), PUBKEY, token,
                           str(in_flight), str(rounds), str(idle)])
        result.update(run_json(['/usr/bin/python3', os.path.join(HERE, 'telethon_pipelined.py'), str(port), PUBKEY,
                                str(in_flight), str(rounds)]))
        result.update(run_json(['node', os.path.join(HERE, 'gramjs_pipelined.mjs'), str(port), PUBKEY,
                                str(in_flight), str(rounds)]))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        os.unlink(log)
    keys = ['sequential_rps', 'pipelined_rps', 'telethon_rps', 'gramjs_rps', 'client_cpu_us_per_rpc', 'idle_clients',
            'idle_kib_per_client', 'connect_fresh_ms', 'connect_stored_ms']
    print(json.dumps({k: round(result[k], 2) if isinstance(result[k], float) else result[k] for k in keys}))


if __name__ == '__main__':
    main()
