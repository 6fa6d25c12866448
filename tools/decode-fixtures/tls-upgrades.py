"""tshark's view of each TLS-upgrade capture (capture-tls-upgrades.sh): per hello its JA3/JA3S,
ports and protocol stack, saved as <name>.tshark.json. Usage: tls-upgrades.py OUT_DIR"""
import json
import os
import subprocess
import sys

out = sys.argv[1]
FIELDS = ['frame.number', 'frame.protocols', 'tcp.stream', 'tcp.srcport', 'tcp.dstport', 'tls.handshake.type',
          'tls.handshake.ja3', 'tls.handshake.ja3_full', 'tls.handshake.ja3s', 'tls.handshake.ja3s_full']
for f in sorted(os.listdir(out)):
    if not f.endswith('.pcap'):
        continue
    cmd = ['tshark', '-r', os.path.join(out, f), '-Y', 'tls.handshake.type == 1 || tls.handshake.type == 2',
           '-T', 'fields', '-E', 'separator=/t', '-E', 'aggregator=|', '-E', 'occurrence=l']
    for fl in FIELDS:
        cmd += ['-e', fl]
    rows = [dict(zip(FIELDS, line.split('\t')))
            for line in subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()]
    name = f[:-5]
    with open(os.path.join(out, name + '.tshark.json'), 'w') as fh:
        json.dump({'command': ' '.join(cmd[:1] + ['-r', f] + cmd[3:]), 'rows': rows}, fh, indent=1)
    print(f'{name}: {len(rows)} hello rows, {sum(1 for r in rows if r["tls.handshake.ja3"])} with JA3')
