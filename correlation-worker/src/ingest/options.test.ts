import { describe, expect, it } from 'vitest';
import { defaultSocketDir, IngestOptions, resolvePaths } from './options.js';

describe('ingest paths', () => {
  it('uses /run/ja4ws as root and the data directory otherwise', () => {
    const o = IngestOptions.parse({});
    expect(resolvePaths(o, '/data', defaultSocketDir('/data', true))).toEqual({
      http: '/run/ja4ws/http.socket',
      network: '/run/ja4ws/network.socket',
      deadLetter: '/data/dead-letter/ingest.jsonl',
    });
    expect(resolvePaths(o, '/data', defaultSocketDir('/data', false))).toMatchObject({
      http: '/data/http.socket',
      network: '/data/network.socket',
    });
    expect(
      resolvePaths(
        IngestOptions.parse({ httpSocket: '/x/h.sock', networkSocket: false }),
        '/data',
        '/run/ja4ws',
      ),
    ).toMatchObject({
      http: '/x/h.sock',
      network: false,
    });
    expect(o).toMatchObject({ socketMode: 0o660, maxLineBytes: 65536 });
  });

  it('names the key that is wrong', () => {
    const r = IngestOptions.safeParse({
      maxLineBytes: 10,
      files: [{ path: '/x', format: 'iis' }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'files.0.format',
      'maxLineBytes',
    ]);
  });
});
