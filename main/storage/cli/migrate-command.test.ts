// `ja4ws migrate ...` through the real command line (runCli), on an embedded data directory.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../cli/program.js';
import { loadMigrations } from '../migrations/load.js';
import { tempDir } from '../testing/temp-dir.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function cli(...args: string[]): Promise<number> {
  out = '';
  err = '';
  process.exitCode = undefined;
  return runCli(args);
}

describe('ja4ws migrate', () => {
  const dir = tempDir();
  it('up, status, down, verify', async () => {
    expect(await cli('migrate', 'up', '--data-dir', dir)).toBe(0);
    expect(out).toMatch(/applied 0001_tls_handshakes\.sql/);
    expect(out).toMatch(/known fingerprints: loaded \d+ rows/);
    expect(await cli('migrate', 'status', '--data-dir', dir)).toBe(0);
    expect(out).toMatch(/0001 +applied +0001_tls_handshakes\.sql/);
    expect(await cli('migrate', 'verify', '--data-dir', dir)).toBe(0);
    expect(out).toMatch(/^ok: /);
    expect(await cli('migrate', 'down', '1', '--data-dir', dir)).toBe(0);
    // The newest migration file, whichever it is now.
    const newest = loadMigrations().at(-1)!.file;
    expect(out).toContain(`undid ${newest}`);
    expect(await cli('migrate', 'verify', '--data-dir', dir)).toBe(1);
    expect(out).toMatch(new RegExp(`PENDING +${newest.replace('.', '\\.')}`));
    expect(await cli('migrate', 'up', '--data-dir', dir)).toBe(0);
    expect(out).toContain(`applied ${newest}`);
  });

  it('rejects a bad count with a message naming it', async () => {
    expect(await cli('migrate', 'down', 'zero', '--data-dir', dir)).toBe(1);
    expect(err).toMatch(/<n> must be a positive integer, got 'zero'/);
  });
});
