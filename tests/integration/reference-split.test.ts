// ClientHellos that span several TCP segments, which the project's other captures lack:
//  - real clients recorded through a 1500-MTU veth pair (tools/capture-split-hellos.sh): our JA3
//    equals Debian tshark's, and Chromium's post-quantum hello really used 2 segments;
//  - recorded captures (these and test-fixtures/captures) rewritten by tools/split-hello.ts into
//    3-5 segments, out of order, one duplicated: JA4/JA3 equal the unsplit original's, and tshark
//    agrees on JA3.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../common/events/connection.js';
import { createEngine } from '../../capture-worker/src/engine/engine.js';
import { readCaptureFile } from '../../capture-worker/src/pcap/read-file.js';
import { splitHellos, writePcap } from '../../tools/split-hello.js';
import { tsharkClientHelloJa3s } from '../support/tls.js';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';

const FIX = join(import.meta.dirname, '../../capture-worker/test-fixtures/split-hello');
const TMP = mkdtempSync(join(tmpdir(), 'ja4-split-'));

async function fingerprint(file: string): Promise<ConnectionRecord[]> {
  const out: ConnectionRecord[] = [];
  const e = createEngine({ onRecord: (r) => out.push(r) });
  for await (const p of readCaptureFile(file)) e.push(p);
  e.finish();
  return out.filter((r) => r.ja4 !== undefined).sort((a, b) => a.stream - b.stream);
}

interface TsharkRow {
  stream: number;
  src_port: number;
  ja3: string;
  ja3_full: string;
  segments: number;
}

describe('ClientHello split across TCP segments', () => {
  for (const client of ['curl', 'openssl', 'node', 'chromium']) {
    it(`${client} through a 1500-MTU veth: JA3 equals tshark's`, async () => {
      const expected = JSON.parse(
        readFileSync(join(FIX, `${client}.tshark-ja3.json`), 'utf8'),
      ) as TsharkRow[];
      const ours = await fingerprint(join(FIX, `${client}.pcap`));
      expect(expected.length).toBeGreaterThan(0);
      for (const row of expected) {
        const r = ours.find((o) => o.src_port === row.src_port);
        expect(r?.ja3_full).toBe(row.ja3_full);
        expect(r?.ja3).toBe(row.ja3);
      }
      if (client === 'chromium') expect(expected.every((r) => r.segments >= 2)).toBe(true);
    });
  }

  const cases: [string, number][] = [
    [join(FIX, 'chromium.pcap'), 3],
    [join(FIX, 'curl.pcap'), 5],
    [capturePath('tls12-h2.pcap'), 4],
    [capturePath('tls-keylog.pcapng'), 5],
    [capturePath('tls-clients.pcap'), 3],
  ];
  for (const [file, parts] of cases) {
    it(`${file.split('/').pop()} rewritten into ${parts} out-of-order segments with a duplicate: same JA4/JA3`, async () => {
      const split = await splitHellos(file, parts);
      expect(split.split).toBeGreaterThan(0);
      const out = join(TMP, `${file.split('/').pop()}-${parts}.pcap`);
      writePcap(out, split.packets);
      const orig = await fingerprint(file);
      const again = await fingerprint(out);
      const key = (r: ConnectionRecord): string => `${r.src}:${r.src_port}`;
      expect(again.map((r) => [key(r), r.ja4, r.ja4_o, r.ja3, r.ja4_additional])).toEqual(
        orig.map((r) => [key(r), r.ja4, r.ja4_o, r.ja3, r.ja4_additional]),
      );
      // tshark reassembles the rewritten hellos to the same JA3 we compute.
      for (const [port, ja3] of await tsharkClientHelloJa3s(out)) {
        const r = again.find((o) => o.transport === 'tcp' && o.src_port === port);
        expect(r?.ja3 === ja3 || r?.ja3_additional?.includes(ja3)).toBe(true);
      }
    });
  }
});
