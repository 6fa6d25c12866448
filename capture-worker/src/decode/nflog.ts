// Linux NFLOG captures (LINKTYPE_NFLOG 239, `tcpdump -i nflog:N`): a 4-byte header (address
// family, version, resource id) and TLVs whose length and type are in the capturing host's
// byte order (little-endian on every machine we meet; big-endian is tried when little-endian
// does not fit), each padded to 4 bytes. Type 9 (NFULA_PAYLOAD) is the IP packet.
import { Unsupported, type DecodeResult } from './decoded-packet.js';
import { Inner, setNext, u16, u16le, type Next } from './next.js';

const NFULA_PAYLOAD = 9;
const AF_INET = 2;
const AF_INET6 = 10;
const MAX_TLVS = 64;

export function nflog(d: Uint8Array, nx: Next): DecodeResult {
  const n = d.length;
  if (n < 4 || d[1] !== 0) return 'bad_nflog';
  const fam = d[0] as number;
  if (fam !== AF_INET && fam !== AF_INET6) {
    nx.kind = Unsupported.NFLOG_FAMILY;
    nx.type = fam;
    return 'not_ip';
  }
  // Byte order: the first TLV's length read little-endian must be >= 4 and fit.
  let le = true;
  if (n >= 8) {
    const l = u16le(d, 4);
    if (l < 4 || l > n - 4) le = false;
  }
  let p = 4;
  for (let i = 0; i < MAX_TLVS && n - p >= 4; i++) {
    const len = le ? u16le(d, p) : u16(d, p);
    const type = (le ? u16le(d, p + 2) : u16(d, p + 2)) & 0x7fff;
    if (len < 4 || len > n - p) return 'bad_nflog';
    if (type === NFULA_PAYLOAD)
      return setNext(nx, fam === AF_INET ? Inner.IPV4 : Inner.IPV6, p + 4, p + len);
    p += (len + 3) & ~3;
  }
  return 'nflog_no_payload';
}
