// The capture engine: RawPacket in, ConnectionRecord out. Decodes each packet (one reused result
// object), finds its flow, reassembles TCP directions only as far as the fingerprints need, and
// hands complete protocol messages to the parsers and fingerprint functions. Records go out when a
// connection ends (FIN/RST), is evicted (idle, table full) or at finish(); in `early` mode a first
// record also goes out right after the handshake.
import type { ConnectionRecord, Transport } from '../../../common/events/connection.js';
import { ipToString } from '../decode/address.js';
import { decodePacket } from '../decode/decode.js';
import {
  DECODE_SKIP_KINDS,
  DecodedPacket,
  LAYER_NAMES,
  TcpFlag,
  unsupportedName,
  type DecodeErrorKind,
} from '../decode/decoded-packet.js';
import { IpReassembler } from '../flow/ip-reassembly.js';
import { parseTcpOptions } from '../decode/tcp-options.js';
import { FlowTable, type Lookup } from '../flow/flow-table.js';
import { TcpStream } from '../flow/tcp-stream.js';
import { packetTimeUs, type RawPacket } from '../pcap/packet.js';
import { isParseError } from '../util/parse-error.js';
import { Flow } from './flow.js';
import { finalRecord } from './record.js';
import { resolveEngineOptions, type EngineOptions, type ResolvedEngineOptions } from './options.js';
import { emptyStats, type EngineStats } from './stats.js';
import { TlsSide } from './tls-side.js';
import { addKeyLogText, type KeyLog } from './keylog.js';
import { encryptedRecord } from './tls-decrypt-side.js';
import { HandshakeHandler } from './handshake-handler.js';
import { handleUdpPayload } from './udp.js';
import { classifyTcpPayload } from './classify.js';
import { upgradeHint } from './upgrade.js';
import { openvpnPacket } from './openvpn-side.js';
import { handleHttp } from './http-side.js';
import { sshFinish, sshSegment } from './ssh-side.js';
import { tcpTiming } from './tcp-timing.js';

function startsTlsHandshake(d: Uint8Array, off: number, len: number): boolean {
  // Record type 22, version 3.x, then a ClientHello (1) or ServerHello (2) handshake header.
  return len >= 6 && d[off] === 0x16 && d[off + 1] === 3 && (d[off + 5] === 1 || d[off + 5] === 2);
}

/** How far into a non-TLS segment a handshake record is looked for (an upgrade reply is short). */
const TLS_INSIDE_SCAN = 512;

/**
 * Where a TLS handshake record (ClientHello or ServerHello with a 3.x version) starts after
 * other bytes in the same segment, or -1: a STARTTLS "220 ready" or a proxy's "200 Connection
 * established" / SOCKS reply followed at once by the handshake.
 */
function tlsHandshakeInside(d: Uint8Array, off: number, len: number): number {
  const end = off + Math.min(len, TLS_INSIDE_SCAN);
  for (
    let i = d.indexOf(0x16, off + 1);
    i >= 0 && i + 10 <= off + len && i < end;
    i = d.indexOf(0x16, i + 1)
  ) {
    if (
      d[i + 1] === 3 &&
      (d[i + 2] as number) <= 4 &&
      (d[i + 5] === 1 || d[i + 5] === 2) &&
      d[i + 6] === 0 &&
      d[i + 9] === 3
    )
      return i - off;
  }
  return -1;
}

export interface Engine {
  push(pkt: RawPacket): void;
  /** Emit every open flow's record and release all state. */
  finish(): void;
  stats(): EngineStats;
  /** Expire idle flows and due early records against the capture clock when no packet arrives (quiet live links). */
  tick(nowUs: number): void;
  /**
   * The periodic sweep at capture time `nowUs` exactly, whatever this engine saw last: the engines
   * of `ja4ws fingerprint --threads` (sweepEvery 0) each see part of a file, and their reader
   * tells them where the one engine's sweeps would have fallen.
   */
  sweepAt(nowUs: number): void;
  /** NSS key log text (pcapng DSB or a key log file) for decrypting TLS application data. */
  addTlsKeyLog(text: string): void;
}

// Closed and idle flows are looked for every 8,192 packets (options.ts sweepEvery): a
// handshake-heavy file closes thousands of connections per 65,536 packets, and holding them
// (records, QUIC and TCP state) until the next sweep doubled the CLI's peak memory (issue 22). A
// sweep visits every open flow.

export function createEngine(options: EngineOptions): Engine {
  return new EngineImpl(resolveEngineOptions(options));
}

class EngineImpl implements Engine {
  private readonly o: ResolvedEngineOptions;
  private readonly st = emptyStats();
  private readonly flows = new FlowTable<Flow>();
  private readonly dp = new DecodedPacket();
  private readonly fk: Lookup = { forward: true, hash: 0 };
  private readonly hs: HandshakeHandler;
  private nextStream: Record<Transport, number> = { tcp: 0, udp: 0 };
  private sinceSweep = 0;
  private nowUs = 0;
  private readonly keyLog: KeyLog = new Map();
  private readonly reasm = new IpReassembler();
  /** A decode error by kind (reassembly's duplicates are only `seen`). */
  private readonly countDecode = (k: string): void => {
    if (k === 'ip_fragment_duplicate') this.countSeen(k);
    else
      this.st.decodeErrors[k as DecodeErrorKind] =
        (this.st.decodeErrors[k as DecodeErrorKind] ?? 0) + 1;
  };

  constructor(o: ResolvedEngineOptions) {
    this.o = o;
    this.hs = new HandshakeHandler(
      o,
      (code) => this.countParse(code),
      (name) => this.countSeen(name),
    );
  }

  addTlsKeyLog(text: string): void {
    addKeyLogText(this.keyLog, text);
  }

  stats(): EngineStats {
    return {
      ...this.st,
      decodeErrors: { ...this.st.decodeErrors },
      parseErrors: { ...this.st.parseErrors },
      seen: { ...this.st.seen },
      unsupported: { ...this.st.unsupported },
      flowsOpen: this.flows.size,
    };
  }

  push(pkt: RawPacket): void {
    this.handle(pkt);
    // Every packet counts, whether it reached a flow or not, so that a reader that only counts the
    // file's packets knows where the sweeps fall (the CLI's --threads, cli/parallel/).
    if (++this.sinceSweep === this.o.sweepEvery) this.sweep(packetTimeUs(pkt));
  }

  private handle(pkt: RawPacket): void {
    const st = this.st;
    st.packets++;
    st.bytes += pkt.data.length;
    const d = this.dp;
    const now = packetTimeUs(pkt);
    let err = decodePacket(pkt.linkType, pkt.data, d);
    if (err === 'ip_fragment') {
      const r = this.fragment(d, now);
      if (r === 'frag_held') return; // counted as ipv4_fragment / ipv6_fragment
      err = r;
    }
    if (d.layers !== 0) this.countLayers(d.layers);
    if (err !== null) {
      if (DECODE_SKIP_KINDS.has(err)) this.countSeen(err);
      else {
        this.countDecode(err);
        if (err === 'not_ip' || err.startsWith('unsupported_')) this.countUnsupported(d);
      }
      return;
    }
    this.nowUs = now;
    const fk = this.fk;
    let flow = this.flows.get(d, fk);
    const isTcp = d.proto === 6;
    if (
      flow !== undefined &&
      isTcp &&
      flow.closedAtUs >= 0 &&
      (d.tcpFlags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN &&
      d.seq !== flow.synSeq
    ) {
      // Port reuse: a new SYN on a finished connection starts a new stream (as tshark does).
      this.flows.delete(flow);
      this.emit(flow);
      flow = undefined;
    }
    if (flow === undefined) flow = this.openFlow(fk, isTcp ? 'tcp' : 'udp', now);
    flow.lastUs = now;
    const dir = fk.forward === flow.srcIsA ? 0 : 1;
    try {
      if (isTcp) this.tcp(flow, dir, d, now);
      else handleUdpPayload(flow, dir, d, now, this.hs, this.st, this.o.ja4plus);
    } catch (e) {
      if (!isParseError(e)) throw e;
      this.countParse(e.code);
    }
    // After the parsers, so a tap that keeps whole flows of chosen JA4s sees this packet's JA4.
    this.o.packetTap?.packet(pkt, flow, dir);
    if (
      this.o.early &&
      flow.earlyDue >= 0 &&
      !flow.earlySent &&
      (now >= flow.earlyDue || flow.record.ja4s !== undefined)
    ) {
      this.emitEarly(flow);
    }
  }

  tick(nowUs: number): void {
    if (nowUs > this.nowUs) this.nowUs = nowUs;
    this.sweep(this.nowUs);
  }

  sweepAt(nowUs: number): void {
    this.sweep(nowUs);
  }

  finish(): void {
    this.reasm.finish(this.countDecode);
    this.emitInOrder([...this.flows.values()]);
    this.flows.clear();
  }

  /**
   * An IP fragment: held until its datagram is complete, then the whole datagram is decoded in
   * its place (keeping the outer layers' TTL and tunnel count). null when the packet is ready.
   */
  private fragment(d: DecodedPacket, now: number): ReturnType<typeof decodePacket> | 'frag_held' {
    this.countSeen(d.fragVersion === 4 ? 'ipv4_fragment' : 'ipv6_fragment');
    const outerTtl = d.outerTtl;
    const tunnels = d.tunnels;
    const layers = d.layers;
    const whole = this.reasm.add(d, now, this.countDecode);
    if (whole === null) return 'frag_held';
    this.countSeen(d.fragVersion === 4 ? 'ipv4_reassembled' : 'ipv6_reassembled');
    const err = decodePacket(d.fragVersion === 4 ? 228 : 229, whole, d);
    d.layers |= layers;
    d.tunnels += tunnels;
    if (tunnels > 0) d.outerTtl = outerTtl;
    return err;
  }

  private countLayers(bits: number): void {
    for (let i = 0; bits !== 0; i++, bits >>>= 1)
      if (bits & 1) this.countSeen(LAYER_NAMES[i] as string);
  }

  /** Names are built once per distinct (layer, value): an ARP-heavy link allocates nothing per packet. */
  private readonly unsupportedNames = new Map<number, string>();

  private countUnsupported(d: DecodedPacket): void {
    const key = d.unsupportedLayer * 0x1_0000_0000 + d.unsupportedValue;
    let name = this.unsupportedNames.get(key);
    if (name === undefined) {
      name = unsupportedName(d.unsupportedLayer, d.unsupportedValue);
      if (this.unsupportedNames.size < 4096) this.unsupportedNames.set(key, name);
    }
    this.st.unsupported[name] = (this.st.unsupported[name] ?? 0) + 1;
  }

  private countSeen(name: string): void {
    this.st.seen[name] = (this.st.seen[name] ?? 0) + 1;
  }

  private countParse(code: string): void {
    this.st.parseErrors[code] = (this.st.parseErrors[code] ?? 0) + 1;
  }

  private takeStream(transport: Transport): number {
    const n = this.nextStream[transport]++;
    this.o.onStreamNumber?.(transport, n);
    return n;
  }

  private openFlow(fk: Lookup, transport: Transport, now: number): Flow {
    if (this.flows.size >= this.o.maxFlows) this.evictOldest();
    const d = this.dp;
    const v = d.ipVersion;
    const record: ConnectionRecord = {
      ts_us: now,
      stream: this.takeStream(transport),
      transport,
      src: ipToString(d.data, d.srcOff, v),
      src_port: d.srcPort,
      dst: ipToString(d.data, d.dstOff, v),
      dst_port: d.dstPort,
    };
    const flow = new Flow(
      FlowTable.keyOf(d, fk.forward),
      fk.hash,
      record.stream,
      transport,
      fk.forward,
      record,
      now,
    );
    flow.opened = this.st.flowsTotal++;
    this.flows.insert(flow);
    return flow;
  }

  /**
   * Table full: evict the least recently seen 1/16 of the flows in one pass (sorting once keeps a
   * flood of new flows at amortised O(log n) each, instead of a scan per new flow).
   */
  private evictOldest(): void {
    const all = [...this.flows.values()].sort((a, b) => a.lastUs - b.lastUs);
    const n = Math.max(1, all.length >> 4);
    for (let i = 0; i < n; i++) {
      const f = all[i] as Flow;
      this.flows.delete(f);
      if (f.closedAtUs < 0) this.st.flowsEvicted++;
      this.emit(f);
    }
  }

  private tcp(flow: Flow, dir: 0 | 1, d: DecodedPacket, now: number): void {
    const flags = d.tcpFlags;
    const ds = flow.dirs[dir];
    if (flags & TcpFlag.SYN) {
      if (ds.stream === null && flow.closedAtUs < 0)
        ds.stream = new TcpStream({ cap: this.o.maxBytesPerDirection, maxPending: 64 });
      ds.stream?.syn(d.seq);
      if (!(flags & TcpFlag.ACK)) {
        if (flow.synUs < 0) {
          flow.synUs = now;
          flow.synDir = dir;
          flow.synSeq = d.seq;
          flow.record.client_ttl = d.outerTtl;
          if (this.o.ja4plus)
            flow.record.ja4t = this.hs.ja4t(d.window, parseTcpOptions(d.data, d.optOff, d.optLen));
        }
      } else if (flow.synAckUs < 0) {
        flow.synAckUs = now;
        flow.record.server_ttl = d.outerTtl;
        flow.synAck = { window: d.window, opts: parseTcpOptions(d.data, d.optOff, d.optLen), dir };
        flow.synAckTimes.push(now);
      } else if (flow.synAck !== null && flow.synAck.dir === dir && flow.synAckTimes.length < 16) {
        flow.synAckTimes.push(now); // retransmitted SYN-ACK: JA4TS 5th part
      }
    } else if (flags & TcpFlag.ACK && flow.synAckUs >= 0 && flow.ackUs < 0) {
      // C = the first ACK-carrying packet after the SYN-ACK, whichever side sent it (Rust).
      flow.ackUs = now;
      if (this.o.ja4plus) tcpTiming(flow);
    }
    if (d.payloadLen > 0 && flow.closedAtUs < 0) {
      try {
        this.payload(flow, dir, d);
      } finally {
        // The stream may hold a view of this packet's bytes (tcp-stream.ts): copy what is left.
        flow.dirs[dir].stream?.settle();
      }
    }
    if (flow.ssh !== null) {
      if (sshSegment(flow, dir, d, this.o.sshWindow, now) > 0) this.countParse('ssh_msp_cap');
    } else if (flags === TcpFlag.ACK) flow.preAcks[dir]++;
    if (flags & TcpFlag.RST) {
      if (flow.synAck !== null && flow.synAck.dir === dir && flow.serverRstUs < 0)
        flow.serverRstUs = now;
      this.close(flow, now);
    } else if (flags & TcpFlag.FIN) {
      ds.fin = true;
      if (flow.dirs[0].fin && flow.dirs[1].fin) this.close(flow, now);
    }
  }

  private payload(flow: Flow, dir: 0 | 1, d: DecodedPacket): void {
    const ds = flow.dirs[dir];
    if (
      ds.payload === 'other' ||
      ds.payload === 'socks' ||
      // A short first message still being classified (PostgreSQL's one-byte 'S' answer to an
      // SSLRequest) must not swallow the TLS that follows it.
      (ds.payload === 'unknown' && ds.stream !== null && ds.stream.bytes().length > 0)
    ) {
      // TLS can start later on a connection (STARTTLS, SOCKS, an HTTP CONNECT answer): a segment
      // that begins with a handshake record restarts the direction as TLS.
      if (!startsTlsHandshake(d.data, d.payloadOff, d.payloadLen)) {
        if (ds.payload !== 'unknown') {
          if (flow.record.ja4s === undefined) this.tlsInside(flow, dir, d);
          return;
        }
      } else {
        if (ds.payload === 'unknown') this.hint(flow, dir, (ds.stream as TcpStream).bytes());
        this.tlsUpgrade(flow);
        ds.payload = 'tls';
        ds.stream = null;
      }
    }
    if (ds.stream === null)
      ds.stream = new TcpStream({ cap: this.o.maxBytesPerDirection, maxPending: 64 });
    const s = ds.stream;
    if (s.closed) return;
    const dropped = s.dropped;
    const grew = s.segment(d.seq, d.payload());
    this.st.bytesDropped += s.dropped - dropped;
    if (!grew) return;
    if (ds.payload === 'unknown') {
      // The server side of an OpenVPN connection starts with its own hard reset.
      const kind = flow.openvpn !== null ? 'openvpn' : classifyTcpPayload(s.bytes());
      // Without a SYN the bytes we hold may not be the stream's start yet (reordered segments):
      // give 'other' a few KB before deciding, so a late first segment can still move the start.
      if (kind === 'unknown' || (kind === 'other' && s.startMayMove && s.seen < 8192)) return;
      ds.payload = kind;
      if (kind === 'other' || kind === 'socks') this.hint(flow, dir, s.bytes());
      if (ds.payload === 'ssh' && flow.ssh === null && this.o.ja4plus)
        flow.ssh = { preAcks: flow.preAcks };
      // tshark (hence the reference stream numbers) opens one more TCP conversation per SOCKS tunnel.
      if (ds.payload === 'socks') this.takeStream('tcp');
      if (ds.payload === 'other' || ds.payload === 'ssh' || ds.payload === 'socks') {
        s.close();
        if (ds.payload !== 'ssh') this.tlsInside(flow, dir, d);
        return;
      }
    }
    this.streamBytes(flow, dir);
  }

  private streamBytes(flow: Flow, dir: 0 | 1): void {
    const ds = flow.dirs[dir];
    const s = ds.stream as TcpStream;
    const clientDir = flow.synDir >= 0 ? flow.synDir : 0;
    if (ds.payload === 'tls') {
      ds.tls ??= new TlsSide();
      const isClient = dir === clientDir;
      let used: number;
      try {
        const decrypting = this.o.ja4plus && this.keyLog.size > 0;
        used = ds.tls.feed(
          s.bytes(),
          isClient,
          (m) => this.hs.tlsMessage(flow, m, 't'),
          decrypting
            ? (h, f) =>
                encryptedRecord(flow, isClient, dir, h, f, this.keyLog, (c) => this.countParse(c))
            : undefined,
        );
      } catch (e) {
        s.close();
        throw e;
      }
      s.consume(used);
      if (ds.tls.state === 'done') s.close();
      if (flow.record.ja4 !== undefined && this.o.early && flow.earlyDue < 0)
        flow.earlyDue = flow.lastUs + this.o.earlyWaitUs;
    } else if (ds.payload === 'openvpn') {
      this.openvpnStream(flow, dir, s);
    } else if (ds.payload === 'http') {
      if (!this.o.ja4plus) {
        // No JA4H without the licence, but a CONNECT tunnel's TLS must still be seen: the
        // direction waits for a segment that starts a handshake, like any non-TLS start.
        this.hint(flow, dir, s.bytes());
        ds.payload = 'other';
        s.close();
        return;
      }
      if (handleHttp(flow, s, (code) => this.countParse(code)) === 'tls') {
        // HTTP CONNECT: the tunnelled TLS handshake follows the request on the same bytes.
        flow.upgradeHints[dir] ??= 'http_connect';
        this.tlsUpgrade(flow);
        ds.payload = 'tls';
        this.streamBytes(flow, dir);
      }
    }
  }

  /** OpenVPN over TCP: packets behind a 2-byte length, each handed to the control-channel reader. */
  private openvpnStream(flow: Flow, dir: 0 | 1, s: TcpStream): void {
    const b = s.bytes();
    let used = 0;
    let more = true;
    while (more && b.length - used >= 2) {
      const len = ((b[used] as number) << 8) | (b[used + 1] as number);
      if (len === 0) {
        this.countParse('openvpn_parse');
        more = false;
        break;
      }
      if (b.length - used < 2 + len) break;
      more = openvpnPacket(flow, dir, b.subarray(used + 2, used + 2 + len), this.hs, {
        seen: (n) => this.countSeen(n),
        parse: (c) => this.countParse(c),
      });
      used += 2 + len;
    }
    if (more) s.consume(used);
    else s.close();
  }

  /** A handshake record after other bytes in this segment: the direction restarts as TLS there. */
  private tlsInside(flow: Flow, dir: 0 | 1, d: DecodedPacket): void {
    const k = tlsHandshakeInside(d.data, d.payloadOff, d.payloadLen);
    if (k <= 0) return;
    const ds = flow.dirs[dir];
    // What came before the handshake in this segment names the hop when nothing earlier did.
    if (flow.upgradeHints[dir] === undefined) {
      const clientDir = flow.synDir >= 0 ? flow.synDir : 0;
      const before = d.data.subarray(d.payloadOff, d.payloadOff + k);
      flow.upgradeHints[dir] = upgradeHint(before, dir === clientDir);
    }
    this.tlsUpgrade(flow);
    this.countSeen('tls_mid_segment');
    ds.payload = 'tls';
    const s = new TcpStream({ cap: this.o.maxBytesPerDirection, maxPending: 64 });
    ds.stream = s;
    s.segment((d.seq + k) >>> 0, d.data.subarray(d.payloadOff + k, d.payloadOff + d.payloadLen));
    this.streamBytes(flow, dir);
  }

  /** Remembers what a direction spoke before TLS (first time only). */
  private hint(flow: Flow, dir: 0 | 1, b: Uint8Array): void {
    if (flow.upgradeHints[dir] !== undefined) return;
    const clientDir = flow.synDir >= 0 ? flow.synDir : 0;
    flow.upgradeHints[dir] = upgradeHint(b, dir === clientDir);
  }

  /** TLS begins after something else on this connection: name the hop once, count it. */
  private tlsUpgrade(flow: Flow): void {
    if (flow.record.tls_upgrade !== undefined) return;
    const clientDir = flow.synDir >= 0 ? flow.synDir : 0;
    const name =
      flow.upgradeHints[clientDir] ?? flow.upgradeHints[clientDir === 0 ? 1 : 0] ?? 'other';
    flow.record.tls_upgrade = name;
    this.countSeen(`tls_upgrade_${name}`);
  }

  private close(flow: Flow, now: number): void {
    if (flow.closedAtUs >= 0) return;
    flow.closedAtUs = now;
    // Buffers go now; the record goes out after the linger time (sweep) or at finish(), so the
    // last ACKs still count (JA4SSH) and a late packet does not open a new stream.
    for (const ds of flow.dirs) {
      ds.stream?.close();
      ds.tls = null;
    }
  }

  private emit(flow: Flow): void {
    if (flow.emitted) return;
    flow.emitted = true;
    this.o.packetTap?.end(flow);
    sshFinish(flow);
    this.setJa4ts(flow);
    const rec = finalRecord(flow, this.o, this.o.early ? 'final' : undefined);
    if (rec === null) return;
    this.st.records++;
    this.o.onRecord(rec);
  }

  private setJa4ts(flow: Flow): void {
    if (!this.o.ja4plus || flow.synAck === null) return;
    const t = flow.synAckTimes;
    // The 5th part exists only when the SYN-ACK was retransmitted (spec §6).
    const retrans =
      t.length > 1
        ? { synAckTimesUs: t, rstTimeUs: flow.serverRstUs >= 0 ? flow.serverRstUs : undefined }
        : undefined;
    flow.record.ja4ts = this.hs.ja4ts(flow.synAck.window, flow.synAck.opts, retrans);
  }

  private emitEarly(flow: Flow): void {
    flow.earlySent = true;
    // The SYN-ACK is known by now: the early record (the stored row of a live connection) carries
    // JA4TS, so the final one adds something only when the SYN-ACK was retransmitted or a later
    // message came (certificates, another hello).
    this.setJa4ts(flow);
    const rec = finalRecord(flow, this.o, 'handshake');
    if (rec !== null) this.o.onRecord(rec);
  }

  private sweep(now: number): void {
    this.sinceSweep = 0;
    this.reasm.expire(now, this.countDecode);
    const due: Flow[] = [];
    for (const flow of this.flows.values()) {
      if (flow.closedAtUs >= 0) {
        if (now - flow.lastUs > this.o.closedLingerUs) due.push(flow);
      } else if (now - flow.lastUs > this.o.idleTimeoutUs) {
        this.st.flowsIdle++;
        due.push(flow);
      } else if (this.o.early && flow.earlyDue >= 0 && !flow.earlySent && now >= flow.earlyDue) {
        this.emitEarly(flow);
      }
    }
    for (const flow of due) this.flows.delete(flow);
    this.emitInOrder(due);
  }

  // The flow table iterates by hash bucket (a colliding flow sits in an older flow's bucket), so
  // the records of one sweep, and of finish(), leave in the order their flows opened instead: a
  // documented order, and the one the CLI's worker threads reproduce (cli/parallel/merge.ts).
  private emitInOrder(flows: Flow[]): void {
    flows.sort((a, b) => a.opened - b.opened);
    for (const flow of flows) this.emit(flow);
  }
}
