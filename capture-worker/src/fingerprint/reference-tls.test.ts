// JA3/JA3S, JA4/JA4S (+ raw / original-order variants) over every TLS and DTLS hello in the
// reference captures (real bytes extracted with tshark into tls/fixtures/hellos.jsonl), compared
// with tshark 4.0.17's JA3 file and with expected.jsonl (Rust records for hashed values, Python
// records for _r/_o/_ro, ja4s_r and the second ClientHello after a HelloRetryRequest).
import { expect, it } from 'vitest';
import {
  describeWithReference as describe,
  hasReferenceCorpus,
} from '../../test-fixtures/reference-corpus.js';
import { parseClientHello } from '../tls/client-hello.js';
import {
  expected,
  fixture,
  flowKey,
  handshakeMessages,
  ja3Reference,
} from '../tls/fixtures/load.js';
import { parseServerHello } from '../tls/server-hello.js';
import { ja3, ja3s } from './ja3.js';
import { ja4, ja4All } from './ja4.js';
import { ja4s } from './ja4s.js';

const rows = fixture('hellos');
// The suites below compare with the corpus and skip without it.
const exp = hasReferenceCorpus ? expected() : [];
const rust = new Map(exp.filter((e) => e.source === 'rust').map((e) => [flowKey(e), e]));
const python = new Map(exp.filter((e) => e.source === 'python').map((e) => [flowKey(e), e]));
const reverse = (r: {
  pcap: string;
  src: string;
  src_port: number;
  dst: string;
  dst_port: number;
}): string =>
  flowKey({ pcap: r.pcap, src: r.dst, src_port: r.dst_port, dst: r.src, dst_port: r.src_port });

interface Hello {
  row: (typeof rows)[number];
  type: 1 | 2;
  body: Uint8Array;
}
const hellos: Hello[] = [];
for (const row of rows) {
  for (const m of handshakeMessages(row))
    if (m.type === 1 || m.type === 2) hellos.push({ row, type: m.type, body: m.body });
}

describe('JA3 / JA3S against tshark 4.0.17', () => {
  it('equals every hello of the file (TLS, DTLS and QUIC CRYPTO data)', () => {
    const ref = new Map(
      ja3Reference().map((r) => [`${r.pcap}|${r.frame}|${r.ja3 !== undefined ? 1 : 2}`, r]),
    );
    let compared = 0;
    for (const h of hellos) {
      const r = ref.get(`${h.row.pcap}|${h.row.frame}|${h.type}`);
      expect(r, `${h.row.pcap} frame ${h.row.frame}`).toBeDefined();
      if (h.type === 1) {
        const got = ja3(
          parseClientHello(h.body, { dtls: h.row.transport === 'udp' && !h.row.quic }),
        );
        expect(got).toEqual({ ja3: r?.ja3, ja3_full: r?.ja3_full });
      } else {
        expect(ja3s(parseServerHello(h.body))).toEqual({ ja3s: r?.ja3s, ja3s_full: r?.ja3s_full });
      }
      compared++;
    }
    expect(compared).toBe(ja3Reference().length); // all 339
  });
});

describe('JA4 against expected.jsonl', () => {
  const first = new Map<string, Hello[]>();
  for (const h of hellos.filter((x) => x.type === 1 && x.row.transport === 'tcp')) {
    const k = flowKey(h.row);
    first.set(k, [...(first.get(k) ?? []), h]);
  }

  it('equals the Rust ja4 of every TCP stream (first ClientHello)', () => {
    let compared = 0;
    for (const [k, list] of first) {
      const e = rust.get(k);
      if (e?.ja4 === undefined) continue;
      const ch = parseClientHello(list[0]!.body);
      expect(ja4All(ch, { protocol: 't' }).ja4, k).toBe(e.ja4);
      expect(ja4(ch, { protocol: 't' }), k).toBe(e.ja4); // the hot-path builder agrees
      compared++;
    }
    expect(compared).toBe(151); // every Rust TCP record with ja4
  });

  it('equals the Python ja4_r, ja4_o, ja4_ro and ja4_additional', () => {
    let compared = 0;
    let additional = 0;
    for (const [k, list] of first) {
      const p = python.get(k);
      if (p?.ja4_ro === undefined) continue;
      const got = ja4All(parseClientHello(list[0]!.body), { protocol: 't' });
      expect({ ja4_r: got.ja4_r, ja4_o: got.ja4_o, ja4_ro: got.ja4_ro }, k).toEqual({
        ja4_r: p.ja4_r,
        ja4_o: p.ja4_o,
        ja4_ro: p.ja4_ro,
      });
      compared++;
      if (Array.isArray(p.ja4_additional)) {
        const later = list.slice(1).map((h) => ja4All(parseClientHello(h.body), { protocol: 't' }));
        expect(later, k).toEqual(p.ja4_additional);
        additional += (p.ja4_additional as unknown[]).length;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(148);
    expect(additional).toBeGreaterThanOrEqual(5);
  });

  it('equals the Rust ja4 / ja4s of every QUIC connection (protocol q)', () => {
    let compared = 0;
    const seen = new Set<string>();
    for (const h of hellos.filter((x) => x.row.quic)) {
      const k = h.type === 1 ? flowKey(h.row) : reverse(h.row);
      const e = rust.get(k);
      if (seen.has(`${k}|${h.type}`) || !e) continue;
      seen.add(`${k}|${h.type}`);
      if (h.type === 1 && e.ja4 !== undefined) {
        expect(ja4(parseClientHello(h.body), { protocol: 'q' }), k).toBe(e.ja4);
        compared++;
      }
      if (h.type === 2 && e.ja4s !== undefined) {
        expect(ja4s(parseServerHello(h.body), { protocol: 'q' }).ja4s, k).toBe(e.ja4s);
        compared++;
      }
    }
    expect(compared).toBe(80); // 51 Rust QUIC ja4 + 29 ja4s
  });

  it('gives dd2… for the DTLS capture (no upstream value; spec §10 derivation)', () => {
    const d = hellos.find((h) => h.type === 1 && h.row.transport === 'udp' && !h.row.quic);
    expect(d).toBeDefined();
    expect(ja4All(parseClientHello(d!.body, { dtls: true }), { protocol: 'd' }).ja4).toBe(
      'dd1i440200_49bcda3e7ebf_18d1e47e0978',
    );
  });
});

describe('JA4S against expected.jsonl', () => {
  it('equals Rust ja4s and Python ja4s_r for the first ServerHello of each TCP stream', () => {
    const seen = new Set<string>();
    let rustCompared = 0;
    let pyCompared = 0;
    for (const h of hellos.filter((x) => x.type === 2 && x.row.transport === 'tcp')) {
      const k = reverse(h.row);
      if (seen.has(k)) continue;
      seen.add(k);
      const got = ja4s(parseServerHello(h.body), { protocol: 't' });
      const e = rust.get(k);
      if (e?.ja4s !== undefined) {
        expect(got.ja4s, k).toBe(e.ja4s);
        rustCompared++;
      }
      const p = python.get(k);
      if (p?.ja4s_r !== undefined) {
        expect(got.ja4s_r, k).toBe(p.ja4s_r);
        pyCompared++;
      }
    }
    expect(rustCompared).toBe(91); // every Rust TCP record with ja4s
    expect(pyCompared).toBeGreaterThanOrEqual(50);
  });
});
