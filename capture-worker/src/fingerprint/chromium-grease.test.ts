// Real Chromium 156 hellos (tools/capture-chromium-grease.sh: 8 page loads, each with a fresh
// profile): Chromium puts a new random GREASE value into signature_algorithms on every connection.
// tshark, recorded beside the capture, is the independent view of what was on the wire; JA4 must
// be one value for all of them (ja4-spec §12.6), and the JA4_r signature list must be tshark's
// list without the GREASE entry, in wire order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { createEngine } from '../engine/engine.js';
import { readCaptureFile } from '../pcap/read-file.js';
import { isGrease } from '../util/grease.js';

const FIX = join(import.meta.dirname, '../../test-fixtures/chromium-grease');

interface TsharkHello {
  srcPort: number;
  sigAlgs: number[];
  ja3: string;
}

function tsharkHellos(): TsharkHello[] {
  return readFileSync(join(FIX, 'chromium.tshark.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [port, sigs, ja3] = l.split('\t') as [string, string, string];
      return { srcPort: Number(port), sigAlgs: sigs.split(',').map(Number), ja3 };
    });
}

async function records(): Promise<ConnectionRecord[]> {
  const out: ConnectionRecord[] = [];
  const e = createEngine({ onRecord: (r) => out.push(r) });
  for await (const p of readCaptureFile(join(FIX, 'chromium.pcap'))) e.push(p);
  e.finish();
  return out.filter((r) => r.ja4 !== undefined);
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

describe('Chromium with a random GREASE signature algorithm per connection', () => {
  it('the capture really carries a different GREASE sigalg on many connections (tshark)', () => {
    const hellos = tsharkHellos();
    expect(hellos.length).toBeGreaterThanOrEqual(8);
    const greaseValues = new Set(hellos.map((h) => h.sigAlgs.find(isGrease)));
    expect(greaseValues.has(undefined)).toBe(false);
    expect(greaseValues.size).toBeGreaterThanOrEqual(4);
  });

  it('gives one JA4 (and one ja4_r/_o/_ro) for every connection, each equal to tshark without GREASE', async () => {
    const ours = await records();
    const hellos = tsharkHellos();
    for (const h of hellos) {
      const r = ours.find((o) => o.src_port === h.srcPort);
      expect(r, `connection from port ${h.srcPort}`).toBeDefined();
      expect(r!.ja3).toBe(h.ja3);
      const sigs = (r!.ja4_r as string).split('_').pop();
      expect(sigs).toBe(
        h.sigAlgs
          .filter((s) => !isGrease(s))
          .map(hex4)
          .join(','),
      );
    }
    const byPort = ours.filter((o) => hellos.some((h) => h.srcPort === o.src_port));
    expect(byPort.length).toBe(hellos.length);
    expect(new Set(byPort.map((r) => r.ja4)).size).toBe(1);
    expect(new Set(byPort.map((r) => r.ja4_r)).size).toBe(1);
    // The original-order variants keep Chromium's extension permutation, which changes per
    // connection too; only their signature-algorithm part must be free of GREASE.
    for (const r of byPort)
      expect(r.ja4_ro).not.toMatch(/_(?:[0-9a-f]a[0-9a-f]a,)|,[0-9a-f]a[0-9a-f]a(,|$)/);
  });
});
