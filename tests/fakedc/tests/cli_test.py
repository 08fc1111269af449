#!/usr/bin/python3
"""The fakedc command line as scripts use it: its announced lines, seeded
accounts, the control port (good and bad lines), clean exit on SIGTERM and
--state kept across a restart (0600, same bot token).

  cli_test.py FAKEDC_BINARY
"""
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import tempfile


def start(binary, *args):
    server = subprocess.Popen([binary, '--port', '0', *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    lines = {}
    while True:
        line = server.stdout.readline()
        if not line:
            raise AssertionError('fakedc exited early with %s' % server.wait())
        lines.setdefault(line.split()[0], []).append(line.strip())
        if line.startswith('control '):
            return server, lines


def stop(server):
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=10) == 0, 'fakedc did not exit cleanly'


def control(port, line):
    with socket.create_connection(('127.0.0.1', port), timeout=10) as s:
        s.sendall(line.encode() + b'\n')
        return s.makefile().readline().strip()


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        state = os.path.join(tmp, 'world')
        faults = os.path.join(tmp, 'faults')
        with open(faults, 'w') as f:
            f.write('# a script\nerror help.getConfig 420 FLOOD_WAIT_1\n')
        args = ['--state', state, '--faults', faults, '--control', '0', '--seed', '7', '--bot', 'Echo:echo_bot',
                '--user', '+999000111:Ann:ann']
        server, lines = start(binary, *args)
        assert len(lines['DC']) == 3 and all(re.match(r'DC \d 127\.0\.0\.1:\d+ key fingerprint 0x2d31534da64de394', l)
                                             for l in lines['DC']), lines
        token = re.match(r'bot @echo_bot token (\d+:[0-9a-f]+)$', lines['bot'][0]).group(1)
        assert lines['seed'] == ['seed 7 (replay with --seed)'], lines
        port = int(lines['control'][0].rsplit(':', 1)[1])
        assert control(port, 'delay help.getConfig 10ms') == 'ok'
        answer = control(port, 'explode now')
        assert answer.startswith('error: ') and 'explode' in answer, answer
        stop(server)
        assert stat.S_IMODE(os.stat(state).st_mode) == 0o600, oct(os.stat(state).st_mode)

        server, lines = start(binary, *args)
        again = re.match(r'bot @echo_bot token (\d+:[0-9a-f]+)$', lines['bot'][0]).group(1)
        assert again == token, (token, again)
        stop(server)

        bad = subprocess.run([binary, '--port', '0', '--faults', faults + '.missing'], capture_output=True, text=True)
        assert bad.returncode == 2 and 'cannot read' in bad.stderr, bad
        bad = subprocess.run([binary, '--frobnicate', '1'], capture_output=True, text=True)
        assert bad.returncode == 2 and 'unknown option --frobnicate' in bad.stderr, bad
        overlay = os.path.join(tmp, '100.tl')
        with open(overlay, 'w') as f:
            f.write('nearestDc#01020304 country:string this_dc:int = NearestDc;\n// LAYER 100\n')
        server, _ = start(binary, '--dcs', '2', '--control', '0', '--layer', '100=' + overlay)
        stop(server)
        bad = subprocess.run([binary, '--layer', '100'], capture_output=True, text=True)
        assert bad.returncode == 2 and '--layer needs N=FILE' in bad.stderr, bad
        with open(overlay, 'w') as f:
            f.write('nearestDc#01020304 country: = NearestDc;\n')
        bad = subprocess.run([binary, '--port', '0', '--layer', '100=' + overlay], capture_output=True, text=True)
        assert bad.returncode == 2 and '1:' in bad.stderr, bad
    print('fakedc command line: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
