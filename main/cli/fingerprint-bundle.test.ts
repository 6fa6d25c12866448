// `ja4ws fingerprint` through the installed entry (bin/ja4ws.js), which runs the one-file bundle
// with its code cache (scripts/build-cli-bundle.mjs): the same bytes and exit codes as tsc's
// output of the same sources, JA4 as tshark reads the capture, and commander's help and usage
// errors where the fast argument path hands over. Needs `npm run build:node` (skips without).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturePath, tsharkView } from '../../capture-worker/test-fixtures/captures.js';

const root = resolve(import.meta.dirname, '../..');
const bundled = existsSync(join(root, 'dist/cli/fingerprint.cjs'));

function run(entry: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(root, entry), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(!bundled)('ja4ws fingerprint from the bundle', () => {
  it('prints what the unbundled program prints, with tshark JA4s, and keeps exit codes', () => {
    const files = ['tls12-h2.pcap', 'quic-chromium.pcap', 'tls-clients.pcap'].map(capturePath);
    for (const format of ['jsonl', 'csv']) {
      const args = ['fingerprint', '-q', '--format', format, ...files];
      const b = run('bin/ja4ws.js', args);
      const t = run('dist/main/cli/main.js', args);
      expect(b.code).toBe(0);
      expect(b.out.length).toBeGreaterThan(0);
      expect(b.out).toBe(t.out);
    }
    const recs = run('bin/ja4ws.js', ['fingerprint', '-q', capturePath('tls12-h2.pcap')])
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { ja4?: string });
    const hello = tsharkView('tls12-h2.pcap').hellos.find((h) => h.type === 'client')!;
    expect(recs.map((r) => r.ja4)).toEqual([hello.ja4]);

    const bad = run('bin/ja4ws.js', ['fingerprint', '--format', 'xml', files[0]!]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/argument 'xml' is invalid/);
    const help = run('bin/ja4ws.js', ['fingerprint', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: ja4ws fingerprint \[options\] <files\.\.\.>/);
    const missing = run('bin/ja4ws.js', ['fingerprint', '-q', join(root, 'no-such.pcap')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no-such\.pcap: no such file/);
  });
});
