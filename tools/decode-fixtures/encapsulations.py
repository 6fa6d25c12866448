"""Wraps the real IP packets of capture-encapsulations.sh in the encapsulations no software here
can produce (the kernel has no PPP, GTP, sit/ipip or 802.11 devices), then records tshark's view
of every file. Usage: encapsulations.py OUT_DIR (reads base-v4.pcap, base-v6.pcap,
pppoe-discovery.pcap there; deletes the base files at the end).

  pppoe.pcap      the real PPPoE discovery (PADI..PADS) then the IPv4 TLS packets as PPPoE
                  session frames with the discovered session id, one LCP echo, the real PADT
  pptp-gre.pcap   enhanced GRE (version 1, PPTP) with PPP (ff 03 0021) around the IPv4 packets,
                  one acknowledgment-only GRE packet, one LCP frame
  gtpu.pcap       GTP-U v1 on UDP 2152 with a PDU session container extension header around the
                  IPv4 and the IPv6 packets, one echo request
  l2tp.pcap       L2TPv2 data messages (length bit, PPP ff 03 0021) on UDP 1701, one ZLB control
  radiotap.pcap   802.11 QoS data frames (radiotap, To/From DS, LLC/SNAP) around the IPv4
                  packets, one beacon, one protected (CCMP) data frame
  6in4.pcap       IPv6 packets in IPv4 (protocol 41)
  4in6.pcap       IPv4 packets in IPv6 (next header 4)
  frag-v6.pcap    the IPv6 packets, each longer than 400 bytes cut into 256-byte fragments sent
                  last one first, then the first one twice, then the rest
"""
import json
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from pcaplib import csum, ipv4_packet, read_pcap, write_pcap  # noqa: E402

out = sys.argv[1]
_, v4, _ = read_pcap(os.path.join(out, 'base-v4.pcap'))
_, v6, _ = read_pcap(os.path.join(out, 'base-v6.pcap'))
_, disc, _ = read_pcap(os.path.join(out, 'pppoe-discovery.pcap'))
V4 = [(s, f, fr[14:]) for s, f, fr in v4]  # loopback Ethernet header dropped: raw IP
V6 = [(s, f, fr[14:]) for s, f, fr in v6]
M1, M2 = bytes.fromhex('020000000001'), bytes.fromhex('020000000002')
O1, O2 = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])
O61 = bytes.fromhex('20010db8000000000000000000000001')
O62 = bytes.fromhex('20010db8000000000000000000000002')
SERVER_PORTS = (4433, 4435)


def from_client(ip):
    if ip[0] >> 4 == 4:
        ihl = (ip[0] & 15) * 4
        return struct.unpack('!H', ip[ihl + 2:ihl + 4])[0] in SERVER_PORTS
    return struct.unpack('!H', ip[42:44])[0] in SERVER_PORTS


def eth(dst, src, etype, body):
    return dst + src + struct.pack('!H', etype) + body


def udp(sport, dport, body, src, dst):
    seg = struct.pack('!HHHH', sport, dport, 8 + len(body), 0) + body
    c = csum(src + dst + struct.pack('!BBH', 0, 17, len(seg)) + seg) or 0xFFFF
    return seg[:6] + struct.pack('!H', c) + seg[8:]


def ipv6_packet(src, dst, nh, payload, hlim=64):
    return struct.pack('!IHBB', 6 << 28, len(payload), nh, hlim) + src + dst + payload


def write(name, link, frames):
    write_pcap(os.path.join(out, name), link, frames)


# PPPoE: real discovery, session frames with its session id.
pads = next(fr for _, _, fr in disc if fr[12:14] == b'\x88\x63' and fr[15] == 0x65)
padt = [(s, f, fr) for s, f, fr in disc if fr[12:14] == b'\x88\x63' and fr[15] == 0xA7]
sid = pads[16:18]
ac, host = pads[6:12], pads[0:6]
frames = [(s, f, fr) for s, f, fr in disc if fr[12:14] == b'\x88\x63' and fr[15] != 0xA7]
t0 = frames[-1][0]


def pppoe(src, dst, ppp):
    return eth(dst, src, 0x8864, b'\x11\x00' + sid + struct.pack('!H', len(ppp)) + ppp)


for s, f, ip in V4:
    a, b = (host, ac) if from_client(ip) else (ac, host)
    frames.append((t0 + 1 + s - V4[0][0], f, pppoe(a, b, b'\x00\x21' + ip)))
lcp_echo = b'\xc0\x21' + bytes([9, 1, 0, 8]) + b'\x12\x34\x56\x78'
frames.append((frames[-1][0], frames[-1][1] + 1, pppoe(host, ac, lcp_echo)))
frames += [(frames[-1][0] + 1, f, fr) for _, f, fr in padt]
write('pppoe.pcap', 1, frames)

# PPTP enhanced GRE.
frames, seq = [], 0
for s, f, ip in V4:
    c = from_client(ip)
    ppp = b'\xff\x03\x00\x21' + ip
    seq += 1
    gre = struct.pack('!HHHHII', 0x3081, 0x880B, len(ppp), 0x4000 if c else 0x5000, seq, max(0, seq - 1)) + ppp
    a, b = (O1, O2) if c else (O2, O1)
    frames.append((s, f, eth(M2, M1, 0x0800, ipv4_packet(a, b, 47, gre, ident=seq))))
ack_only = struct.pack('!HHHHI', 0x2081, 0x880B, 0, 0x4000, seq)
lcp = b'\xff\x03' + lcp_echo
gre_lcp = struct.pack('!HHHHI', 0x3001, 0x880B, len(lcp), 0x5000, seq + 1) + lcp
frames.append((frames[-1][0], frames[-1][1] + 1, eth(M2, M1, 0x0800, ipv4_packet(O1, O2, 47, ack_only))))
frames.append((frames[-1][0], frames[-1][1] + 2, eth(M1, M2, 0x0800, ipv4_packet(O2, O1, 47, gre_lcp))))
write('pptp-gre.pcap', 1, frames)

# GTP-U: IPv4 inner on TEID 0x1001, IPv6 inner on TEID 0x1002, one echo request.
frames = []
for teid, pkts in ((0x1001, V4), (0x1002, V6)):
    for s, f, ip in pkts:
        ext = bytes([1, 0x00, 0x09, 0x00])  # PDU session container, QFI 9, no next extension
        body = struct.pack('!HH', 0, 0) + ext + ip  # seq 0, N-PDU 0, next ext type in byte 3
        body = body[:3] + b'\x85' + body[4:]
        gtp = struct.pack('!BBHI', 0x34, 0xFF, len(body), teid) + body
        c = from_client(ip)
        a, b = (O1, O2) if c else (O2, O1)
        frames.append((s, f, eth(M2, M1, 0x0800, ipv4_packet(a, b, 17, udp(2152, 2152, gtp, a, b)))))
echo = struct.pack('!BBHIHBB', 0x32, 1, 4, 0, 7, 0, 0)
frames.append((frames[-1][0], frames[-1][1] + 1, eth(M2, M1, 0x0800, ipv4_packet(O1, O2, 17, udp(2152, 2152, echo, O1, O2)))))
write('gtpu.pcap', 1, frames)

# L2TPv2.
frames = []
for s, f, ip in V4:
    ppp = b'\xff\x03\x00\x21' + ip
    l2 = struct.pack('!HHHH', 0x4002, 8 + len(ppp), 7, 9) + ppp
    c = from_client(ip)
    a, b = (O1, O2) if c else (O2, O1)
    frames.append((s, f, eth(M2, M1, 0x0800, ipv4_packet(a, b, 17, udp(1701, 1701, l2, a, b)))))
zlb = struct.pack('!HHHHHH', 0xC802, 12, 7, 0, 3, 4)
frames.append((frames[-1][0], frames[-1][1] + 1, eth(M2, M1, 0x0800, ipv4_packet(O1, O2, 17, udp(1701, 1701, zlb, O1, O2)))))
write('l2tp.pcap', 1, frames)

# 802.11 with radiotap (flags field present, no FCS).
RT = bytes([0, 0, 9, 0, 2, 0, 0, 0, 0])
AP, STA = bytes.fromhex('0a0000000001'), bytes.fromhex('0a0000000002')
frames, n = [], 0
for s, f, ip in V4:
    n += 1
    c = from_client(ip)
    fc1 = 0x01 if c else 0x02
    addrs = (AP + STA + AP) if c else (STA + AP + AP)
    mac = bytes([0x88, fc1, 0, 0]) + addrs + struct.pack('<H', n << 4) + b'\x00\x00'
    frames.append((s, f, RT + mac + b'\xaa\xaa\x03\x00\x00\x00\x08\x00' + ip))
beacon = bytes([0x80, 0, 0, 0]) + b'\xff' * 6 + AP + AP + b'\x00\x00' + bytes(8) + struct.pack('<HH', 100, 0x0401) + b'\x00\x06ja4lab'
protected = bytes([0x88, 0x41, 0, 0]) + AP + STA + AP + b'\x10\x00\x00\x00' + bytes([1, 0, 0, 0x20, 0, 0, 0, 0]) + bytes(range(48))
frames.append((frames[-1][0], frames[-1][1] + 1, RT + beacon))
frames.append((frames[-1][0], frames[-1][1] + 2, RT + protected))
write('radiotap.pcap', 127, frames)

# 6in4 and 4in6.
write('6in4.pcap', 1, [(s, f, eth(M2, M1, 0x0800, ipv4_packet(O1 if from_client(ip) else O2, O2 if from_client(ip) else O1, 41, ip)))
                      for s, f, ip in V6])
write('4in6.pcap', 1, [(s, f, eth(M2, M1, 0x86DD, ipv6_packet(O61 if from_client(ip) else O62, O62 if from_client(ip) else O61, 4, ip)))
                      for s, f, ip in V4])

# IPv6 fragments: payload cut into 256-byte pieces; the last goes first, the first twice.
frames, ident = [], 0x5000
for s, f, ip in V6:
    payload = ip[40:]
    if len(payload) <= 400:
        frames.append((s, f, eth(M2, M1, 0x86DD, ip)))
        continue
    ident += 1
    pieces = [payload[i:i + 256] for i in range(0, len(payload), 256)]
    frags = []
    for i, piece in enumerate(pieces):
        more = 1 if i < len(pieces) - 1 else 0
        fh = struct.pack('!BBHI', ip[6], 0, (i * 256) | more, ident)
        head = struct.pack('!IHBB', struct.unpack('!I', ip[:4])[0], len(fh) + len(piece), 44, ip[7])
        frags.append(eth(M2, M1, 0x86DD, head + ip[8:40] + fh + piece))
    order = [frags[-1], frags[0], frags[0]] + frags[1:-1]
    for k, fr in enumerate(order):
        frames.append((s, f + k, fr))
write('frag-v6.pcap', 1, frames)

# tshark's view: hellos (JA3/JA3S and the protocol stack) and the frames with no hello.
FIELDS = ['frame.number', 'frame.protocols', 'tcp.srcport', 'tls.handshake.type', 'tls.handshake.ja3',
          'tls.handshake.ja3s', 'tls.handshake.ja3s_full', 'ip.src', 'ipv6.src']
for name in ['pppoe', 'pptp-gre', 'gtpu', 'l2tp', 'radiotap', '6in4', '4in6', 'frag-v6', 'nflog',
             'frag-v4-server-side', 'frag-v4-client-side']:
    f = os.path.join(out, name + '.pcap')
    cmd = ['tshark', '-r', f, '-Y', 'tls.handshake.type == 1 || tls.handshake.type == 2',
           '-T', 'fields', '-E', 'separator=/t', '-E', 'aggregator=|', '-E', 'occurrence=l']
    for fl in FIELDS:
        cmd += ['-e', fl]
    rows = [dict(zip(FIELDS, line.split('\t')))
            for line in subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()]
    protos = subprocess.run(['tshark', '-r', f, '-T', 'fields', '-e', 'frame.protocols'],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    stacks = {}
    for p in protos:
        stacks[p] = stacks.get(p, 0) + 1
    with open(os.path.join(out, name + '.tshark.json'), 'w') as fh:
        json.dump({'command': ' '.join(cmd[:1] + ['-r', name + '.pcap'] + cmd[3:]),
                   'frames': len(protos), 'stacks': stacks, 'rows': rows}, fh, indent=1)
    print(f'{name}: {len(protos)} frames, {len(rows)} hello rows')
for base in ('base-v4.pcap', 'base-v6.pcap', 'pppoe-discovery.pcap'):
    os.remove(os.path.join(out, base))
