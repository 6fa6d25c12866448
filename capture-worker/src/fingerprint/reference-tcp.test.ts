// JA4T (Rust records), JA4TS (Wireshark records, per frame), JA4L (Rust) and JA4SSH (Rust) from
// the TCP header fields of the reference captures (fixtures/tcp-packets.jsonl, from tshark).
import { expect, it } from 'vitest';
import {
  describeWithReference as describe,
  hasReferenceCorpus,
} from '../../test-fixtures/reference-corpus.js';
import { expected, flowKey, readJsonl } from '../tls/fixtures/load.js';
import { Ja4lTcpTracker } from './ja4l.js';
import { Ja4SshAccumulator } from './ja4ssh.js';
import { ja4t, ja4ts, type TcpSynFields } from './ja4t.js';

interface Pkt {
  pcap: string;
  frame: number;
  t_us: number;
  stream: number;
  src: string;
  src_port: number;
  dst: string;
  dst_port: number;
  flags: number;
  window: number;
  options: number[];
  mss: number | null;
  wscale: number | null;
  ttl: number;
  ttl_outer: number;
  len: number;
  ssh: boolean;
}

const packets = readJsonl<Pkt>(new URL('./fixtures/tcp-packets.jsonl', import.meta.url).pathname);
const byStream = new Map<string, Pkt[]>();
for (const p of packets) {
  const k = `${p.pcap}|${p.stream}`;
  byStream.set(k, [...(byStream.get(k) ?? []), p]);
}
// Streams are keyed by their client tuple, as in expected.jsonl.
const byFlow = new Map<string, Pkt[]>();
for (const list of byStream.values()) {
  const first = list.find((p) => (p.flags & 0x12) === 0x02) ?? list[0]!;
  byFlow.set(flowKey(first), list);
}
// The suites below compare with the corpus and skip without it.
const exp = hasReferenceCorpus ? expected() : [];
const fields = (p: Pkt): TcpSynFields => ({
  window: p.window,
  optionKinds: p.options,
  mss: p.mss ?? undefined,
  windowScale: p.wscale ?? undefined,
});

describe('JA4T', () => {
  it('equals every Rust ja4t (first SYN without ACK)', () => {
    let compared = 0;
    for (const e of exp.filter(
      (x) => x.source === 'rust' && x.pcap_present === true && typeof x.ja4t === 'string',
    )) {
      const list = byFlow.get(flowKey(e));
      const syn = list?.find((p) => (p.flags & 0x02) !== 0 && (p.flags & 0x10) === 0);
      expect(syn, flowKey(e)).toBeDefined();
      expect(ja4t(fields(syn!)), flowKey(e)).toBe(e.ja4t);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });
});

describe('JA4TS', () => {
  it('equals every Wireshark ja4ts (per SYN-ACK frame, retransmission gaps included)', () => {
    let compared = 0;
    for (const e of exp.filter((x) => x.source === 'wireshark' && typeof x.ja4ts === 'string')) {
      const p = packets.find((x) => x.pcap === e.pcap && x.frame === e.frame);
      expect(p, `${e.pcap} frame ${String(e.frame)}`).toBeDefined();
      // The plugin also repeats the value on later frames of the stream (e.g. a RST): use the
      // SYN-ACKs seen up to that frame.
      const synAcks = byStream
        .get(`${p!.pcap}|${p!.stream}`)!
        .filter((x) => (x.flags & 0x12) === 0x12 && x.frame <= p!.frame);
      const retrans =
        synAcks.length > 1 ? { synAckTimesUs: synAcks.map((x) => x.t_us) } : undefined;
      expect(ja4ts(fields(synAcks[0]!), retrans), `${e.pcap} frame ${String(e.frame)}`).toBe(
        e.ja4ts,
      );
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(50);
  });
});

describe('JA4L', () => {
  it('equals every Rust ja4l_c / ja4l_s (TCP)', () => {
    let compared = 0;
    for (const e of exp.filter(
      (x) =>
        x.source === 'rust' &&
        x.pcap_present === true &&
        x.transport === 'tcp' &&
        typeof x.ja4l_c === 'string',
    )) {
      const list = byFlow.get(flowKey(e));
      expect(list, flowKey(e)).toBeDefined();
      const t = new Ja4lTcpTracker();
      // Rust reads the first (outermost) IP header's TTL; inside tunnels that is the tunnel's.
      for (const p of list!) t.push(p.flags, p.t_us, p.ttl_outer);
      expect(t.value, flowKey(e)).toEqual({ ja4l_c: e.ja4l_c, ja4l_s: e.ja4l_s });
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });
});

describe('JA4SSH', () => {
  const rustSsh = exp.filter((x) => x.source === 'rust' && Array.isArray(x.ja4ssh));

  it('equals every Rust ja4ssh list when fed what tshark marks as SSH', () => {
    let compared = 0;
    for (const e of rustSsh) {
      const list = byFlow.get(flowKey(e));
      expect(list, flowKey(e)).toBeDefined();
      const acc = new Ja4SshAccumulator();
      for (const p of list!) {
        const sender = p.src === e.src && p.src_port === e.src_port ? 'client' : 'server';
        // Rust: an SSH PDU counts by its TCP length; any other segment with flags exactly ACK is an "ACK".
        acc.push(sender, p.ssh ? p.len : 0, !p.ssh && (p.flags & 0xfff) === 0x010);
      }
      expect(acc.finish(), flowKey(e)).toEqual(e.ja4ssh);
      compared += (e.ja4ssh as string[]).length;
    }
    expect(compared).toBeGreaterThanOrEqual(15);
  });
});
