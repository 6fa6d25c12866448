"""Just enough classic-pcap reading/writing and IPv4/TCP/UDP rebuilding for the issue-18 fixture
generators (no scapy on the machine). Checksums are recomputed so tshark shows no bad packets."""
import struct


def read_pcap(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        raise ValueError(f'{path}: not a little-endian classic pcap')
    link = struct.unpack('<I', data[20:24])[0]
    pkts, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack('<IIII', data[off:off + 16])
        pkts.append([sec, frac, data[off + 16:off + 16 + incl]])
        off += 16 + incl
    return link, pkts, magic


def write_pcap(path, link, pkts, magic=0xA1B2C3D4):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', magic, 2, 4, 0, 0, 262144, link))
        for sec, frac, d in pkts:
            f.write(struct.pack('<IIII', sec, frac, len(d), len(d)))
            f.write(d)


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack(f'!{len(b) // 2}H', b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4_packet(src, dst, proto, payload, ttl=64, ident=0, flags_frag=0x4000):
    """A 20-byte-header IPv4 packet with a correct checksum."""
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, flags_frag, ttl, proto, 0, src, dst)
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload


def l4_checksum_v4(src, dst, proto, seg):
    return csum(src + dst + struct.pack('!BBH', 0, proto, len(seg)) + seg)


class Eth4:
    """Ethernet + IPv4 + TCP/UDP view of one frame (20-byte IP header assumed: our own captures)."""

    def __init__(self, frame):
        self.eth = frame[:14]
        ip = frame[14:]
        ihl = (ip[0] & 15) * 4
        self.iphdr = bytearray(ip[:ihl])
        self.proto = ip[9]
        self.src, self.dst = bytes(ip[12:16]), bytes(ip[16:20])
        l4 = ip[ihl:struct.unpack('!H', ip[2:4])[0]]
        if self.proto == 6:
            hl = (l4[12] >> 4) * 4
            self.l4hdr = bytearray(l4[:hl])
            self.sport, self.dport, self.seq = struct.unpack('!HHI', l4[:8])
            self.flags = l4[13]
        else:
            self.l4hdr = bytearray(l4[:8])
            self.sport, self.dport = struct.unpack('!HH', l4[:4])
            self.flags = 0
        self.payload = bytes(l4[len(self.l4hdr):])

    def ip_bytes(self):
        seg = bytearray(self.l4hdr) + self.payload
        if self.proto == 6:
            seg[16:18] = b'\0\0'
            seg[16:18] = struct.pack('!H', l4_checksum_v4(self.src, self.dst, 6, bytes(seg)))
        else:
            seg[4:6] = struct.pack('!H', len(seg))
            seg[6:8] = b'\0\0'
            c = l4_checksum_v4(self.src, self.dst, 17, bytes(seg)) or 0xFFFF
            seg[6:8] = struct.pack('!H', c)
        h = bytearray(self.iphdr)
        h[2:4] = struct.pack('!H', len(h) + len(seg))
        h[10:12] = b'\0\0'
        h[10:12] = struct.pack('!H', csum(bytes(h)))
        return bytes(h) + bytes(seg)

    def frame(self):
        return bytes(self.eth) + self.ip_bytes()
