import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeadLetter } from './dead-letter.js';

describe('DeadLetter', () => {
  it('rotates at its size bound and keeps only the configured number of old files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-dl-'));
    const path = join(dir, 'dl.jsonl');
    const dl = new DeadLetter({ path, maxBytes: 4096, files: 2 });
    for (let i = 0; i < 200; i++)
      dl.write(
        'http.socket',
        { kind: 'malformed_json', message: 'bad' },
        Buffer.from(`{"i":${i},` + 'x'.repeat(100)),
      );
    dl.close();
    expect(existsSync(`${path}.1`)).toBe(true);
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
    for (const p of [path, `${path}.1`, `${path}.2`])
      expect(statSync(p).size).toBeLessThanOrEqual(4096);
    const last = readFileSync(path, 'utf8').trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toMatchObject({
      source: 'http.socket',
      kind: 'malformed_json',
      line: expect.stringContaining('"i":199'),
    });
    expect(dl.written).toBe(200);
    rmSync(dir, { recursive: true, force: true });
  });
});
