// A model of Wireshark 4.0.17's SSH dissector (epan/dissectors/packet-ssh.c), reduced to what
// decides TCP reassembly: how many bytes each call consumes, when it asks TCP for more bytes
// (desegment offset/length) and when a read past the end aborts it. JA4SSH's oracle (the Rust
// tool) counts a segment as an SSH packet when tshark's SSH dissector was called on it, so
// reproducing these decisions, quirks included, is what makes our counts equal to the oracle's.
// Written from a reading of the C source, not translated line by line; arithmetic follows C's
// 32-bit wrap-around where the C code relies on it. No tree, columns, hashing or decryption.
import { TVB_BOUNDS, Tvb } from './tvb.js';

/** TCP's "give me the whole next segment" request. */
export const DESEGMENT_ONE_MORE_SEGMENT = 0x0fffffff;

const VERSION_UNKNOWN = 0;
const VERSION_1 = 1;
const VERSION_2 = 2;

const MSG_KEXINIT = 20;
const MSG_NEWKEYS = 21;

type KexDissector = 'dh' | 'gex' | 'ecdh';

class PeerState {
  frameVersionStart = 0;
  frameVersionEnd = 0;
  frameKeyStart = 0;
  frameKeyEnd = 0;
  frameKeyEndOffset = 0;
  kexProposal: string | null = null;
  /** [client-to-server, server-to-client] as proposed by this peer. */
  readonly encProposals: [string | null, string | null] = [null, null];
  readonly macProposals: [string | null, string | null] = [null, null];
  /** Negotiated algorithms for this direction (chosen once, at the first DH/ECDH reply). */
  enc: string | null = null;
  mac: string | null = null;
  macLength = -1;
  lengthIsPlaintext = false;
}

/** First client algorithm the server also lists (ssh_choose_algo). */
function chooseAlgo(client: string | null, server: string | null): string | null {
  if (client === null || server === null) return null;
  const offered = server.split(',');
  for (const c of client.split(',')) if (offered.includes(c)) return c;
  return null;
}

function kexDissectorFor(kex: string): KexDissector | null {
  if (
    kex === 'diffie-hellman-group-exchange-sha1' ||
    kex === 'diffie-hellman-group-exchange-sha256'
  )
    return 'gex';
  if (
    kex.startsWith('ecdh-sha2-') ||
    kex === 'curve25519-sha256@libssh.org' ||
    kex === 'curve25519-sha256' ||
    kex === 'curve448-sha512'
  )
    return 'ecdh';
  if (
    kex === 'diffie-hellman-group14-sha256' ||
    kex === 'diffie-hellman-group16-sha512' ||
    kex === 'diffie-hellman-group18-sha512' ||
    kex === 'diffie-hellman-group1-sha1' ||
    kex === 'diffie-hellman-group14-sha1'
  )
    return 'dh';
  return null;
}

/** MAC length from its name (ssh_set_mac_length). */
function setMacLength(p: PeerState): void {
  if (p.mac === null) return;
  let name = p.mac;
  const etm = name.indexOf('-etm@openssh.com');
  if (etm >= 0) {
    p.lengthIsPlaintext = true;
    name = name.slice(0, etm);
  } else {
    const at = name.indexOf('@openssh.com');
    if (at >= 0) name = name.slice(0, at);
  }
  const dash = name.lastIndexOf('-');
  const digits = dash >= 0 ? name.slice(dash + 1) : '';
  const size = /^[0-9]+$/.test(digits) ? Number(digits) : NaN;
  if (size > 0 && size <= 0xffffffff && size % 8 === 0) p.macLength = size / 8;
  else if (name === 'hmac-sha1' || name === 'hmac-ripemd160') p.macLength = 20;
  else if (name === 'hmac-md5') p.macLength = 16;
  else if (name === 'none') p.macLength = 0;
}

/**
 * One SSH conversation's dissector state. `dissect()` is one call of dissect_ssh on a byte
 * window; it fills `desegOffset`/`desegLen` (desegLen 0 = no request) or throws TVB_BOUNDS.
 * Frame numbers are any per-connection counter that starts at 1 and grows with every packet.
 */
export class SshDissectorModel {
  private version = VERSION_UNKNOWN;
  private kex: string | null = null;
  private kexDissector: KexDissector = 'dh';
  private readonly peers: [PeerState, PeerState] = [new PeerState(), new PeerState()];
  private readonly tvb = new Tvb();
  private frame = 0;
  private canDesegment = true;
  private isServer = false;
  private needMore = false;
  desegOffset = 0;
  desegLen = 0;

  /**
   * Whether a call for this side in this frame would only run the encrypted view (past the
   * banner and, for SSH-2, past NEWKEYS): it consumes everything and changes no state, so the
   * caller may skip it.
   */
  onlyEncrypted(isServer: boolean, frame: number): boolean {
    const p = this.peers[isServer ? 1 : 0];
    if (p.frameVersionEnd === 0 || frame <= p.frameVersionEnd) return false;
    if (this.version === VERSION_UNKNOWN) return true;
    return (
      this.version === VERSION_2 &&
      p.frameKeyStart !== 0 &&
      p.frameKeyStart <= frame &&
      p.frameKeyEnd !== 0 &&
      frame > p.frameKeyEnd
    );
  }

  dissect(
    buf: Uint8Array,
    base: number,
    len: number,
    isServer: boolean,
    frame: number,
    canDesegment = true,
  ): void {
    const tvb = this.tvb;
    tvb.set(buf, base, len);
    this.isServer = isServer;
    this.frame = frame;
    this.canDesegment = canDesegment;
    this.desegOffset = 0;
    this.desegLen = 0;
    const peer = this.peers[isServer ? 1 : 0];
    // The C function keeps the version in a local: a banner earlier in this same call counts.
    let version = this.version;
    let offset = 0;
    while (tvb.remaining(offset) > 0) {
      const afterStart = peer.frameVersionStart === 0 || frame >= peer.frameVersionStart;
      const beforeEnd = peer.frameVersionEnd === 0 || frame <= peer.frameVersionEnd;
      this.needMore = false;
      const last = offset;
      if (afterStart && beforeEnd && tvb.startsWithNoCase(offset, 'SSH-')) {
        if (peer.frameVersionStart === 0) peer.frameVersionStart = frame;
        const v = this.banner(offset, version);
        offset = v.offset;
        if (!this.needMore) {
          peer.frameVersionEnd = frame;
          version = v.version;
          this.version = version;
        }
      } else if (version === VERSION_1) {
        offset = this.ssh1(offset);
      } else if (version === VERSION_2) {
        offset = this.ssh2(offset);
      } else {
        offset = this.encrypted(offset, peer);
      }
      if (this.needMore) return;
      if (offset <= last) break;
    }
  }

  private requestMore(offset: number, len: number): number {
    this.desegOffset = offset;
    this.desegLen = len >>> 0;
    this.needMore = true;
    return offset;
  }

  private readonly bannerResult = { offset: 0, version: 0 };

  /** ssh_dissect_protocol; the caller checked the "SSH-" prefix. */
  private banner(offset: number, version: number): { offset: number; version: number } {
    const tvb = this.tvb;
    const r = this.bannerResult;
    r.version = version;
    if (!this.isServer) {
      if (tvb.startsWithNoCase(offset, 'SSH-2.')) r.version = VERSION_2;
      else if (tvb.startsWithNoCase(offset, 'SSH-1.99-')) r.version = VERSION_2;
      else if (tvb.startsWithNoCase(offset, 'SSH-1.')) r.version = VERSION_1;
    }
    const remain = tvb.remaining(offset);
    const nl = tvb.find(offset, 0x0a);
    if (nl === -1 && this.canDesegment) {
      // C computes `linelen - remain_length` with linelen == -1: a wrapped, huge request.
      r.offset = this.requestMore(offset, (-1 - remain) >>> 0);
      return r;
    }
    const lineLen = nl === -1 ? remain : nl - offset + 1;
    r.offset = offset + lineLen;
    return r;
  }

  /** ssh_dissect_ssh1. */
  private ssh1(offset: number): number {
    const tvb = this.tvb;
    const peer = this.peers[this.isServer ? 1 : 0];
    const remain = tvb.remaining(offset);
    if (remain <= 0) throw TVB_BOUNDS;
    if (this.canDesegment && remain < 4)
      return this.requestMore(offset, DESEGMENT_ONE_MORE_SEGMENT);
    let plen = tvb.u32(offset);
    const padding = 8 - (plen % 8);
    if (this.canDesegment && (plen + 4 + padding) >>> 0 > remain)
      // C asks for plen + padding - remain: 4 bytes short (the length field is left out).
      return this.requestMore(offset, (plen + padding - remain) >>> 0);
    if (plen >= 0xffff) plen = (remain - 4 - padding) >>> 0;
    offset += 4 + padding;
    let len: number;
    if (
      peer.frameKeyStart === 0 ||
      (peer.frameKeyStart >= this.frame && this.frame <= peer.frameKeyEnd)
    ) {
      tvb.u8(offset);
      offset += 1;
      len = (plen - 1) >>> 0;
      if (peer.frameKeyStart === 0) peer.frameKeyStart = this.frame;
      peer.frameKeyEnd = this.frame;
    } else {
      len = plen;
    }
    tvb.item(offset, len);
    return (offset + len) | 0;
  }

  /** ssh_dissect_ssh2: key-exchange packets until NEWKEYS, then encrypted. */
  private ssh2(offset: number): number {
    const tvb = this.tvb;
    const peer = this.peers[this.isServer ? 1 : 0];
    let remain = tvb.remaining(offset);
    while (remain > 0) {
      const before = offset;
      const f = this.frame;
      if (
        peer.frameKeyStart === 0 ||
        (peer.frameKeyStart <= f &&
          (peer.frameKeyEnd === 0 ||
            f < peer.frameKeyEnd ||
            (f === peer.frameKeyEnd && offset < peer.frameKeyEndOffset)))
      ) {
        offset = this.keyExchange(offset);
        if (this.needMore) break;
      } else {
        offset = this.encrypted(offset, peer);
      }
      // Wireshark reads negative offsets from the end and can spin on them; stop instead.
      if (offset <= before) throw TVB_BOUNDS;
      remain = tvb.remaining(offset);
    }
    return offset;
  }

  /** ssh_dissect_encrypted_packet: consumes the rest; only its tree items can throw. */
  private encrypted(offset: number, peer: PeerState): number {
    const tvb = this.tvb;
    const len = tvb.remaining(offset);
    let encLen = len;
    if (len > 4) {
      if (peer.lengthIsPlaintext) tvb.u32(offset);
      else tvb.item(offset, 4);
      encLen -= 4;
    }
    if (peer.macLength > 0) encLen -= peer.macLength;
    tvb.item(offset + 4, encLen);
    if (peer.macLength > 0) tvb.item(offset + 4 + encLen, peer.macLength);
    return offset + len;
  }

  /** ssh_dissect_key_exchange: one binary packet in the clear. */
  private keyExchange(offset: number): number {
    const tvb = this.tvb;
    const peer = this.peers[this.isServer ? 1 : 0];
    const start = offset;
    const remain = tvb.remaining(offset);
    if (remain <= 0) throw TVB_BOUNDS;
    if (this.canDesegment && remain < 4)
      return this.requestMore(offset, DESEGMENT_ONE_MORE_SEGMENT);
    let plen = tvb.u32(offset);
    if (this.canDesegment && (plen + 4) >>> 0 > remain)
      return this.requestMore(offset, (plen + 4 - remain) >>> 0);
    if (plen >= 0xffff) plen = (remain - 4) >>> 0;
    offset += 4;
    const padding = tvb.u8(offset);
    offset += 1;
    const msg = tvb.u8(offset);
    if (msg >= 30 && msg < 40) {
      offset = this.kexSpecific(msg, offset);
    } else {
      tvb.item(offset, 1);
      offset += 1;
      if (msg === MSG_KEXINIT) {
        offset = this.kexInit(offset);
        if (peer.frameKeyStart === 0 || peer.frameKeyStart === this.frame)
          peer.frameKeyStart = this.frame;
      } else if (msg === MSG_NEWKEYS && peer.frameKeyEnd === 0) {
        peer.frameKeyEnd = this.frame;
        peer.frameKeyEndOffset = offset;
      }
    }
    const len = (plen + 4 - padding - (offset - start)) >>> 0;
    if (len !== 0) tvb.item(offset, len);
    offset = (offset + len) | 0;
    tvb.item(offset, padding);
    return offset + padding;
  }

  /** ssh_dissect_key_init: the KEXINIT algorithm lists; picks the kex once both sides sent one. */
  private kexInit(offset: number): number {
    const tvb = this.tvb;
    const peer = this.peers[this.isServer ? 1 : 0];
    const start = offset;
    tvb.item(offset, 16); // cookie
    offset += 16;
    // Each list is stored as soon as it is read: a later bad list keeps the earlier ones.
    for (let i = 0; i < 10; i++) {
      const len = tvb.u32(offset);
      offset += 4;
      tvb.item(offset, len);
      // Only the stored lists are read as strings (kex, ciphers, MACs); compression is read too.
      if (i === 0 || (i >= 2 && i <= 7)) {
        const s = tvb.asciiString(offset, len);
        if (i === 0) peer.kexProposal = s;
        else if (i <= 3) peer.encProposals[i - 2] = s;
        else if (i <= 5) peer.macProposals[i - 4] = s;
      }
      offset = (offset + len) | 0;
    }
    tvb.item(offset, 1); // first_kex_packet_follows
    offset += 1;
    tvb.item(offset, 4); // reserved
    offset += 4;
    const [client, server] = this.peers;
    if (client.kexProposal !== null && server.kexProposal !== null && this.kex === null) {
      this.kex = chooseAlgo(client.kexProposal, server.kexProposal);
      const d = this.kex === null ? null : kexDissectorFor(this.kex);
      if (d !== null) this.kexDissector = d;
    }
    tvb.bytes(start, offset - start);
    return offset;
  }

  /** ssh_choose_enc_mac: decides each direction's MAC length (used by the encrypted view). */
  private chooseEncMac(): void {
    const [client, server] = this.peers;
    for (let dir = 0; dir < 2; dir++) {
      const p = this.peers[dir] as PeerState;
      p.enc ??= chooseAlgo(client.encProposals[dir] ?? null, server.encProposals[dir] ?? null);
      if (p.enc === 'aes128-gcm@openssh.com' || p.enc === 'aes256-gcm@openssh.com') {
        p.macLength = 16;
        p.lengthIsPlaintext = true;
      } else if (p.enc === 'chacha20-poly1305@openssh.com') {
        p.macLength = 16;
      } else {
        p.mac ??= chooseAlgo(client.macProposals[dir] ?? null, server.macProposals[dir] ?? null);
        setMacLength(p);
      }
    }
  }

  /** Messages 30..39, parsed per the negotiated key exchange family. */
  private kexSpecific(msg: number, offset: number): number {
    const tvb = this.tvb;
    tvb.item(offset, 1);
    offset += 1;
    switch (this.kexDissector) {
      // KEXDH and KEX_ECDH: the same layout (e / Q_C; host key, f / Q_S, signature).
      case 'dh':
      case 'ecdh':
        if (msg === 30) {
          this.readPublic(offset);
          offset += this.mpint(offset);
        } else if (msg === 31) {
          offset += this.hostKey(offset);
          this.readPublic(offset);
          this.chooseEncMac();
          offset += this.mpint(offset);
          offset += this.signature(offset);
        }
        break;
      case 'gex':
        if (msg === 30) {
          tvb.item(offset, 4);
          offset += 4;
        } else if (msg === 31) {
          offset += this.mpint(offset);
          offset += this.mpint(offset);
        } else if (msg === 32) {
          offset += this.mpint(offset);
        } else if (msg === 33) {
          offset += this.hostKey(offset);
          offset += this.mpint(offset);
          offset += this.signature(offset);
        } else if (msg === 34) {
          for (let i = 0; i < 3; i++) {
            tvb.u32(offset);
            tvb.item(offset, 4);
            offset += 4;
          }
        }
        break;
    }
    return offset | 0;
  }

  /** ssh_read_e / ssh_read_f: copies the key only when its length is 1..1025. */
  private readPublic(offset: number): void {
    const len = this.tvb.u32(offset);
    if (len >= 1 && len <= 1025) this.tvb.copy(offset + 4, len);
  }

  /** A uint32-length-prefixed field (mpint or string); returns 4 + length with C's wrap. */
  private mpint(offset: number): number {
    const len = this.tvb.u32(offset);
    this.tvb.item(offset + 4, len);
    return (4 + len) | 0;
  }

  /** ssh_tree_add_hostkey: returns 4 + key_len whatever the key parsing read. */
  private hostKey(offset: number): number {
    const tvb = this.tvb;
    const keyLen = tvb.u32(offset);
    const typeLen = tvb.u32(offset + 4);
    const type = tvb.asciiString(offset + 8, typeLen);
    tvb.copy(offset + 4, keyLen);
    let o = offset + 8 + typeLen;
    if (type === 'ssh-rsa') {
      o += this.mpint(o);
      this.mpint(o);
    } else if (type === 'ssh-dss') {
      o += this.mpint(o);
      o += this.mpint(o);
      o += this.mpint(o);
      this.mpint(o);
    } else if (type.startsWith('ecdsa-sha2-')) {
      o += this.mpint(o);
      this.mpint(o);
    } else if (type.startsWith('ssh-ed')) {
      this.mpint(o);
    } else {
      tvb.item(o, keyLen - (typeLen + 4));
    }
    return (4 + keyLen) | 0;
  }

  /** ssh_tree_add_hostsignature: returns 4 + sig_len. */
  private signature(offset: number): number {
    const tvb = this.tvb;
    const sigLen = tvb.u32(offset);
    const typeLen = tvb.u32(offset + 4);
    const type = tvb.asciiString(offset + 8, typeLen);
    const o = offset + 8 + typeLen;
    if (type === 'ssh-rsa' || type === 'ssh-dss') this.mpint(o);
    else if (!type.startsWith('ecdsa-sha2-') && !type.startsWith('ssh-ed'))
      tvb.item(o, sigLen - (typeLen + 4));
    return (4 + sigLen) | 0;
  }
}
