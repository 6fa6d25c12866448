"""MPLS and L2TPv3 fixtures (issue 18): the real curl <-> nginx TLS 1.2 packets of
capture-worker/test-fixtures/captures/tls12-h2.pcap wrapped in the layers no software here can
produce (the kernel has CONFIG_MPLS_ROUTING and CONFIG_L2TP off, and no Debian package sends
either), then tshark's view of every file is recorded beside it. Usage: mpls-l2tpv3.py OUT_DIR

  mpls-ip.pcap         Ethernet 0x8847, two labels (transport 16001, service 100), IPv4
  mpls-pw-cw.pcap      Ethernet 0x8847, two labels, RFC 4448 Ethernet pseudowire WITH the
                       control word (sequence numbers), the customer's Ethernet frame; one
                       PW Associated Channel (OAM) packet
  mpls-pw-nocw.pcap    the same pseudowire without the control word
  l2tpv3-ip.pcap       L2TPv3 over IP (protocol 115): session 0xabcd, 4-byte cookie, default
                       L2-specific sublayer, Ethernet pseudowire; one control message (session 0)
  l2tpv3-udp.pcap      L2TPv3 over UDP 1701: session 0x1234, 8-byte cookie, no sublayer,
                       Ethernet pseudowire; one control message (T bit)

The customer hosts get vendor MACs (Intel 00:1b:21, VMware 00:50:56): Wireshark's pseudowire
heuristic tries Ethernet only after a first nibble 0 and tells control word from none by whether
both MACs have a known vendor. tshark is told each L2TPv3 file's cookie, sublayer and pseudowire
type (Ethernet), which real sessions negotiate in control messages the fixtures do not contain.
"""
import json
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from pcaplib import csum, ipv4_packet, read_pcap, write_pcap  # noqa: E402

out = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
src = os.path.join(here, '../../capture-worker/test-fixtures/captures/tls12-h2.pcap')
_, pkts, _ = read_pcap(src)
IPS = [(s, f, fr[14:]) for s, f, fr in pkts]  # loopback Ethernet header dropped: raw IPv4
P1, P2 = bytes.fromhex('0a0000000001'), bytes.fromhex('0a0000000002')  # provider edge routers
C1, C2 = bytes.fromhex('001b210a0001'), bytes.fromhex('0050560a0002')  # customer hosts
O1, O2 = bytes([198, 51, 100, 1]), bytes([198, 51, 100, 2])


def eth(dst, src_, etype, body):
    return dst + src_ + struct.pack('!H', etype) + body


def label(value, bos, ttl=64):
    return struct.pack('!I', (value << 12) | (bos << 8) | ttl)


def udp(sport, dport, body, s, d):
    seg = struct.pack('!HHHH', sport, dport, 8 + len(body), 0) + body
    c = csum(s + d + struct.pack('!BBH', 0, 17, len(seg)) + seg) or 0xFFFF
    return seg[:6] + struct.pack('!H', c) + seg[8:]


def client_port():
    for _, _, ip in IPS:
        ihl = (ip[0] & 15) * 4
        if ip[9] == 6:
            return struct.unpack('!HH', ip[ihl:ihl + 4])
    raise SystemExit('no TCP')


sport, dport = client_port()


def is_client(ip):
    ihl = (ip[0] & 15) * 4
    return struct.unpack('!H', ip[ihl:ihl + 2])[0] == sport


def customer(ip):
    c = is_client(ip)
    return eth(C2 if c else C1, C1 if c else C2, 0x0800, ip)


def write(name, frames):
    write_pcap(os.path.join(out, name), 1, frames)


def mpls(stack_body, c):
    return eth(P2 if c else P1, P1 if c else P2, 0x8847, label(16001, 0) + label(100, 1) + stack_body)


# MPLS carrying IPv4 directly.
write('mpls-ip.pcap', [(s, f, mpls(ip, is_client(ip))) for s, f, ip in IPS])

# Ethernet pseudowire with the control word (RFC 4385: first nibble 0, flags 0, length 0, sequence).
frames = []
for n, (s, f, ip) in enumerate(IPS):
    cw = struct.pack('!HH', 0, (n + 1) & 0xFFFF)
    frames.append((s, f, mpls(cw + customer(ip), is_client(ip))))
ach = struct.pack('!HH', 0x1000, 0x0007) + bytes(24)  # PW ACH, channel type 7 (BFD CC)
frames.append((frames[-1][0], frames[-1][1] + 1, mpls(ach, True)))
write('mpls-pw-cw.pcap', frames)

# The same pseudowire without the control word.
write('mpls-pw-nocw.pcap', [(s, f, mpls(customer(ip), is_client(ip))) for s, f, ip in IPS])

# L2TPv3 over IP: session id, 4-byte cookie, default L2-specific sublayer (S bit + sequence).
frames = []
for n, (s, f, ip) in enumerate(IPS):
    c = is_client(ip)
    body = struct.pack('!I', 0xABCD) + b'\xc0\x0c\x1e\x01' + struct.pack('!I', 0x40000000 | (n + 1)) + customer(ip)
    a, b = (O1, O2) if c else (O2, O1)
    frames.append((s, f, eth(P2 if c else P1, P1 if c else P2, 0x0800, ipv4_packet(a, b, 115, body, ident=n + 1))))
# Control message over IP: session 0, then the control header (T, L, S bits, version 3): a HELLO.
ctrl = struct.pack('!I', 0) + struct.pack('!HHIHH', 0xC803, 20, 0x0000ABCD, 0, 0) + struct.pack('!HHHH', 0x8008, 0, 0, 6)
frames.append((frames[-1][0], frames[-1][1] + 1, eth(P2, P1, 0x0800, ipv4_packet(O1, O2, 115, ctrl, ident=999))))
write('l2tpv3-ip.pcap', frames)

# L2TPv3 over UDP 1701: flags/version 0x0003, reserved, session id, 8-byte cookie, no sublayer.
frames = []
for n, (s, f, ip) in enumerate(IPS):
    c = is_client(ip)
    body = struct.pack('!HHI', 0x0003, 0, 0x1234) + bytes.fromhex('0102030405060708') + customer(ip)
    a, b = (O1, O2) if c else (O2, O1)
    frames.append((s, f, eth(P2 if c else P1, P1 if c else P2, 0x0800, ipv4_packet(a, b, 17, udp(1701, 1701, body, a, b), ident=n + 1))))
ctrl = struct.pack('!HHIHH', 0xC803, 20, 0x00001234, 0, 0) + struct.pack('!HHHH', 0x8008, 0, 0, 6)
frames.append((frames[-1][0], frames[-1][1] + 1, eth(P2, P1, 0x0800, ipv4_packet(O1, O2, 17, udp(1701, 1701, ctrl, O1, O2), ident=999))))
write('l2tpv3-udp.pcap', frames)

# tshark's view.
PREFS = {
    'l2tpv3-ip': ['-o', 'l2tp.cookie_size:4 Byte Cookie', '-o', 'l2tp.l2_specific:Default L2-Specific',
                  '-d', 'l2tp.pw_type==0,eth'],
    'l2tpv3-udp': ['-o', 'l2tp.cookie_size:8 Byte Cookie', '-o', 'l2tp.l2_specific:None', '-d', 'l2tp.pw_type==0,eth'],
}
FIELDS = ['frame.number', 'frame.protocols', 'tcp.srcport', 'tls.handshake.type', 'tls.handshake.ja3',
          'tls.handshake.ja3s', 'tls.handshake.ja3s_full', 'ip.src']
for name in ['mpls-ip', 'mpls-pw-cw', 'mpls-pw-nocw', 'l2tpv3-ip', 'l2tpv3-udp']:
    f = os.path.join(out, name + '.pcap')
    prefs = PREFS.get(name, [])
    cmd = ['tshark', '-r', f] + prefs + ['-Y', 'tls.handshake.type == 1 || tls.handshake.type == 2',
                                        '-T', 'fields', '-E', 'separator=/t', '-E', 'aggregator=|', '-E', 'occurrence=l']
    for fl in FIELDS:
        cmd += ['-e', fl]
    rows = [dict(zip(FIELDS, line.split('\t')))
            for line in subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()]
    protos = subprocess.run(['tshark', '-r', f] + prefs + ['-T', 'fields', '-e', 'frame.protocols'],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    stacks = {}
    for p in protos:
        stacks[p] = stacks.get(p, 0) + 1
    shown = ['tshark', '-r', name + '.pcap'] + cmd[3:]
    with open(os.path.join(out, name + '.tshark.json'), 'w') as fh:
        json.dump({'command': ' '.join(shown), 'frames': len(protos), 'stacks': stacks, 'rows': rows}, fh, indent=1)
    print(f'{name}: {len(protos)} frames, {len(rows)} hello rows, stacks {stacks}')
