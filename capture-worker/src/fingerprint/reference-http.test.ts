// JA4H over real requests of the reference captures: HTTP/1 request heads (tshark-extracted
// bytes, http/fixtures/http1-requests.jsonl) through parseHttp1RequestHead, and the decrypted
// HTTP/2 client stream of http2-with-cookies.pcapng through Http2RequestReader (frames + HPACK).
// Compared with the Rust records' ja4h lists (default options) and the Python records' ja4h /
// ja4h_ro (with the options that reproduce Python: pseudo-headers excluded).
import { expect, it } from 'vitest';
import {
  describeWithReference as describe,
  hasReferenceCorpus,
} from '../../test-fixtures/reference-corpus.js';
import { parseHttp1RequestHead } from '../http/http1.js';
import { Http2RequestReader } from '../http/http2-frames.js';
import { expected, flowKey, readJsonl } from '../tls/fixtures/load.js';
import { hexToBytes } from '../util/hex.js';
import { ja4h } from './ja4h.js';

interface Http1Row {
  pcap: string;
  frame: number;
  src: string;
  src_port: number;
  dst: string;
  dst_port: number;
  hex: string;
}

// The suites below compare with the corpus and skip without it.
const exp = hasReferenceCorpus ? expected() : [];
const fixtureDir = new URL('../http/fixtures/', import.meta.url).pathname;

describe('JA4H from HTTP/1 requests', () => {
  const perFlow = new Map<string, ReturnType<typeof ja4h>[]>();
  for (const row of readJsonl<Http1Row>(`${fixtureDir}http1-requests.jsonl`)) {
    const head = parseHttp1RequestHead(hexToBytes(row.hex));
    expect(head, `${row.pcap} frame ${row.frame}`).toBeDefined();
    const k = flowKey(row);
    perFlow.set(k, [...(perFlow.get(k) ?? []), ja4h(head!)]);
  }

  it('equals the Rust ja4h list of every stream', () => {
    let compared = 0;
    for (const e of exp.filter((x) => x.source === 'rust' && Array.isArray(x.ja4h))) {
      const list = e.ja4h as string[];
      if (list.some((v) => v.slice(2, 4) === '20' || v.slice(2, 4) === '30')) continue; // HTTP/2-3: below / QUIC
      const got = perFlow.get(flowKey(e))?.map((r) => r.ja4h);
      expect(got, flowKey(e)).toEqual(list);
      compared += list.length;
    }
    expect(compared).toBeGreaterThanOrEqual(60);
  });

  it('ja4h_ro equals Python where Python agrees with Rust on the hash', () => {
    let compared = 0;
    for (const e of exp.filter((x) => x.source === 'python' && Array.isArray(x.ja4h_ro))) {
      const got = perFlow.get(flowKey(e)) ?? [];
      const hashes = got.map((g) => g.ja4h);
      (e.ja4h_ro as string[]).forEach((ro, i) => {
        const h = (e.ja4h as string[])[i];
        if (h === undefined || !hashes.includes(h)) return; // Python-only divergence (§11 language rule)
        expect(
          got.map((g) => g.ja4h_ro),
          flowKey(e),
        ).toContain(ro);
        compared++;
      });
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });
  it('ja4h_r equals the Wireshark plugin raw values where its hash equals ours', () => {
    const ours = [...perFlow.values()].flat();
    let compared = 0;
    for (const e of exp.filter((x) => x.source === 'wireshark' && Array.isArray(x.ja4h_r))) {
      (e.ja4h as string[]).forEach((h, i) => {
        const mine = ours.find((o) => o.ja4h === h);
        if (!mine) return; // HTTP/2 frames of the plugin: compared in the HTTP/2 block
        expect(mine.ja4h_r, `${e.pcap} ${h}`).toBe((e.ja4h_r as string[])[i]);
        compared++;
      });
    }
    expect(compared).toBeGreaterThanOrEqual(50);
  });
});

describe('JA4H from the decrypted HTTP/2 streams (frames + HPACK)', () => {
  interface H2Row {
    pcap: string;
    src: string;
    src_port: number;
    dst: string;
    dst_port: number;
    hex: string;
  }
  const method = (h: ReadonlyArray<readonly [string, string]>): string =>
    h.find(([n]) => n === ':method')?.[1] ?? '';
  const streams = readJsonl<H2Row>(`${fixtureDir}h2-client-streams.jsonl`).map((row) => {
    const reader = new Http2RequestReader();
    const bytes = hexToBytes(row.hex);
    const blocks = [];
    // Feed in uneven chunks to exercise the incremental path.
    for (let i = 0; i < bytes.length; i += 777)
      blocks.push(...reader.push(bytes.subarray(i, i + 777)));
    return { row, requests: blocks.filter((b) => b.initial) };
  });

  it('equals the Rust ja4h lists (pseudo-headers included, the default)', () => {
    let compared = 0;
    for (const { row, requests } of streams) {
      const e = exp.find(
        (x) => x.source === 'rust' && flowKey(x) === flowKey(row) && Array.isArray(x.ja4h),
      );
      expect(e, flowKey(row)).toBeDefined();
      const got = requests.map(
        (r) => ja4h({ method: method(r.headers), version: 'HTTP/2', headers: r.headers }).ja4h,
      );
      expect(got, flowKey(row)).toEqual(e!.ja4h);
      compared += got.length;
    }
    expect(compared).toBe(16);
  });

  it('equals the Python values (ja4h and ja4h_ro) with pseudo-headers excluded', () => {
    let compared = 0;
    for (const { row, requests } of streams) {
      const got = requests.map((r) =>
        ja4h(
          { method: method(r.headers), version: 'HTTP/2', headers: r.headers },
          { pseudoHeaders: 'exclude' },
        ),
      );
      // Python records of these captures name either side as src; match on the pcap.
      for (const p of exp.filter(
        (x) => x.source === 'python' && x.pcap === row.pcap && Array.isArray(x.ja4h),
      )) {
        (p.ja4h as string[]).forEach((v, i) => {
          const match = got.find((g) => g.ja4h === v);
          expect(match, v).toBeDefined();
          const ro = (p.ja4h_ro as string[] | undefined)?.[i];
          if (ro !== undefined) expect(match!.ja4h_ro).toBe(ro);
          compared++;
        });
      }
    }
    expect(compared).toBeGreaterThanOrEqual(16);
  });
});
