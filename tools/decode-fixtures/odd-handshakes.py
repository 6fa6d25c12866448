"""Bends real openssl handshakes (capture-odd-handshakes.sh) into the odd forms of issue 18, then
records tshark's view of each file as the expected values. Usage: odd-handshakes.py OUT_DIR

  draft-sh.pcap      TLS 1.3: the ServerHello rewritten in draft-18 form (version 0x7f12, no
                     session_id, no compression method, no supported_versions), connection cut there
  sh-ext1.pcap       TLS 1.2: the ServerHello's extension block replaced by one byte (0x00)
  sh-ext-overrun.pcap  TLS 1.2: the ServerHello's last extension announces 16 bytes more than exist
  sh-first.pcap      both connections with the server's ServerHello segment moved before the
                     client's ClientHello segment (reordering)
  sh-midstream.pcap  both connections from the ServerHello segment on (capture started late)
  dtls-badver.pcap   DTLS 1.0 with every record and hello version 0xfeff turned into 0x0100
                     (OpenSSL's pre-RFC DTLS1_BAD_VER; OpenSSL 3's tools cannot send it)
"""
import json
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from pcaplib import Eth4, read_pcap, write_pcap  # noqa: E402

out = sys.argv[1]
link, base, magic = read_pcap(os.path.join(out, 'base-tls.pcap'))


def hs_type(p):
    pl = p.payload
    return pl[5] if len(pl) > 5 and pl[0] == 0x16 and pl[1] == 3 else None


def connections(pkts):
    conns = {}
    for rec in pkts:
        e = Eth4(rec[2])
        key = tuple(sorted([(e.src, e.sport), (e.dst, e.dport)]))
        conns.setdefault(key, []).append(rec)
    return list(conns.values())


conns = connections(base)
assert len(conns) == 2, f'expected 2 TCP connections, got {len(conns)}'
tls12, tls13 = conns


def index_of(conn, t):
    for i, rec in enumerate(conn):
        if hs_type(Eth4(rec[2])) == t:
            return i
    raise ValueError(f'no handshake type {t}')


def server_hello_record(payload):
    """(handshake body, rest of payload after the ServerHello's record)."""
    rlen = struct.unpack('!H', payload[3:5])[0]
    rec = payload[5:5 + rlen]
    assert rec[0] == 2
    blen = int.from_bytes(rec[1:4], 'big')
    assert blen + 4 == rlen, 'ServerHello shares its record: not expected from openssl'
    return rec[4:4 + blen]


def sh_record(body):
    hs = bytes([2]) + len(body).to_bytes(3, 'big') + body
    return bytes([0x16, 3, 3]) + struct.pack('!H', len(hs)) + hs


def rewrite_sh(conn, make_body):
    i = index_of(conn, 2)
    e = Eth4(conn[i][2])
    e.payload = sh_record(make_body(server_hello_record(e.payload)))
    return conn[:i] + [[conn[i][0], conn[i][1], e.frame()]]


def exts(body):
    sid = body[34]
    p = 35 + sid + 3
    n = struct.unpack('!H', body[p:p + 2])[0]
    block = body[p + 2:p + 2 + n]
    items, q = [], 0
    while q < len(block):
        t, ln = struct.unpack('!HH', block[q:q + 4])
        items.append((t, block[q + 4:q + 4 + ln]))
        q += 4 + ln
    return body[:p], items


def draft18(body):
    head, items = exts(body)
    random = head[2:34]
    sid = head[34]
    cipher = head[35 + sid:37 + sid]
    kept = b''.join(struct.pack('!HH', t, len(v)) + v for t, v in items if t != 43)
    return b'\x7f\x12' + random + cipher + struct.pack('!H', len(kept)) + kept


def ext_one_byte(body):
    head, _ = exts(body)
    return head + b'\x00'


def ext_overrun(body):
    # The last extension announces 16 more bytes than the block holds (a cut or broken hello).
    head, items = exts(body)
    blk = b''.join(struct.pack('!HH', t, len(v) + (16 if i == len(items) - 1 else 0)) + v
                   for i, (t, v) in enumerate(items))
    return head + struct.pack('!H', len(blk)) + blk


def write(name, pkts):
    write_pcap(os.path.join(out, name), link, pkts, magic)


write('draft-sh.pcap', rewrite_sh(tls13, draft18))
write('sh-ext1.pcap', rewrite_sh(tls12, ext_one_byte))
write('sh-ext-overrun.pcap', rewrite_sh(tls12, ext_overrun))


def sh_first(conn):
    c, s = index_of(conn, 1), index_of(conn, 2)
    moved = list(conn)
    sh = moved.pop(s)
    moved.insert(c, [conn[c][0], conn[c][1], sh[2]])
    return moved


write('sh-first.pcap', sh_first(tls12) + sh_first(tls13))
write('sh-midstream.pcap', tls12[index_of(tls12, 2):] + tls13[index_of(tls13, 2):])

# DTLS1_BAD_VER: record version and the hello/HelloVerifyRequest versions 0xfeff -> 0x0100.
dl, dpk, dmagic = read_pcap(os.path.join(out, 'base-dtls.pcap'))
bad = []
for sec, frac, fr in dpk:
    e = Eth4(fr)
    pl = bytearray(e.payload)
    p = 0
    while p + 13 <= len(pl):
        assert pl[p + 1:p + 3] == b'\xfe\xff', 'not DTLS 1.0'
        pl[p + 1:p + 3] = b'\x01\x00'
        rlen = struct.unpack('!H', pl[p + 11:p + 13])[0]
        if pl[p] == 22 and struct.unpack('!H', pl[p + 3:p + 5])[0] == 0 and pl[p + 13] in (1, 2, 3):
            v = p + 13 + 12
            assert pl[v:v + 2] == b'\xfe\xff'
            pl[v:v + 2] = b'\x01\x00'
        p += 13 + rlen
    e.payload = bytes(pl)
    bad.append([sec, frac, e.frame()])
write_pcap(os.path.join(out, 'dtls-badver.pcap'), dl, bad, dmagic)

# tshark's view: every hello's handshake fields and JA3/JA3S, per file.
FIELDS = ['frame.number', 'tcp.srcport', 'udp.srcport', 'tls.handshake.type', 'dtls.handshake.type',
          'tls.handshake.version', 'dtls.handshake.version', 'tls.handshake.ciphersuite',
          'tls.handshake.ja3', 'tls.handshake.ja3s', 'tls.handshake.ja3s_full',
          'dtls.handshake.ja3', 'dtls.handshake.ja3s', 'dtls.handshake.ja3s_full', '_ws.expert.message']
for name in ['draft-sh', 'sh-ext1', 'sh-ext-overrun', 'sh-first', 'sh-midstream', 'dtls-badver']:
    f = os.path.join(out, name + '.pcap')
    cmd = ['tshark', '-r', f, '-o', 'tcp.analyze_sequence_numbers:TRUE', '-d', 'udp.port==4434,dtls',
           '-Y', 'tls.handshake.type == 1 || tls.handshake.type == 2 || dtls.handshake.type == 1 || dtls.handshake.type == 2',
           '-T', 'fields', '-E', 'separator=/t', '-E', 'aggregator=|']
    for fl in FIELDS:
        cmd += ['-e', fl]
    rows = []
    for line in subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines():
        rows.append(dict(zip(FIELDS, line.split('\t'))))
    with open(os.path.join(out, name + '.tshark.json'), 'w') as fh:
        json.dump({'command': ' '.join(cmd[:1] + ['-r', name + '.pcap'] + cmd[3:]), 'rows': rows}, fh, indent=1)
    print(name, len(rows), 'hello rows')
os.remove(os.path.join(out, 'base-tls.pcap'))
os.remove(os.path.join(out, 'base-dtls.pcap'))
