// A holed line with its stream number put back is the line createWriter writes for the record with
// that number, in every format, including for file names and server names made to look like the
// stream field (a thread's JSON is cut at the first `"stream":`).
import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../../../common/events/connection.js';
import { capturePath } from '../../../test-fixtures/captures.js';
import { fingerprintFile } from '../fingerprint-files.js';
import { createWriter, type OutputFormat } from '../output.js';
import { holedEncoder, holedWriter } from './lines.js';

async function recordsOf(name: string): Promise<ConnectionRecord[]> {
  const out: ConnectionRecord[] = [];
  await fingerprintFile(capturePath(name), { ja4plus: true }, (r) => out.push(r));
  return out;
}

describe('holed lines', () => {
  it('head + stream + tail is the written line, for jsonl, csv and table', async () => {
    const base = await recordsOf('tls-clients.pcap');
    expect(base.length).toBeGreaterThan(2);
    const tricky = base.map((r, i) => ({
      ...r,
      pcap: i % 2 === 0 ? 'a"stream":7,"x.pcap' : '=cmd|\\"stream\\":1.pcap',
      tls_server_name: 'q"stream":9,,"\n',
    }));
    for (const format of ['jsonl', 'csv', 'table'] as OutputFormat[]) {
      const encode = holedEncoder(format);
      let want = '';
      let got = '';
      const ref = createWriter(format, (s) => (want += s));
      const holed = holedWriter(format, (s) => (got += s));
      for (const [i, r] of [...base, ...tricky].entries()) {
        // The thread's local number; the reader writes another one.
        const [line, at, len] = encode({ ...r, stream: 3 + i });
        expect(line.slice(at, at + len)).toBe(String(3 + i));
        const global = 1000 + i;
        holed.write(line.slice(0, at), global, line.slice(at + len));
        ref.write({ ...r, stream: global });
      }
      ref.end();
      holed.end();
      expect(got).toBe(want);
    }
  });
});
