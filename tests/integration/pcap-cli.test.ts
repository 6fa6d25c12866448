// `ja4ws pcap` as a person runs it (issue 24): import a capture, then write one client's
// connections to a file without a daemon. The file re-fingerprints to the JA4 tshark computed on
// the original capture (the fixture's tshark view) and tshark reads it without a warning.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFile } from '../../capture-worker/src/cli/fingerprint-files.js';
import { capturePath, tsharkView } from '../../capture-worker/test-fixtures/captures.js';

const root = resolve(import.meta.dirname, '../..');
const ja4ws = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'main/cli/main.ts'), ...args], {
    encoding: 'utf8',
    cwd: root,
    timeout: 90_000,
    env: { ...process.env, NO_COLOR: '1' },
  });

describe('ja4ws pcap', () => {
  it("writes an imported client's connections; they re-fingerprint to tshark's JA4", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-pcap-cli-'));
    const imp = ja4ws(['import', '--data-dir', dir, '--quiet', capturePath('tls12-h2.pcap')]);
    expect(imp.status, imp.stderr).toBe(0);
    const truth = tsharkView('tls12-h2.pcap').hellos.filter((h) => h.type === 'client');
    const out = join(dir, 'client.pcapng');
    const r = ja4ws([
      'pcap',
      '--data-dir',
      dir,
      '--ip',
      truth[0]!.src,
      '--from',
      '2020-01-01T00:00:00Z',
      '--to',
      '2029-01-01T00:00:00Z',
      '-o',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `ja4ws pcap: ${truth.length} connections, 0 truncated, 0 without packets`,
    );
    const ja4s: string[] = [];
    await fingerprintFile(out, { ja4plus: true }, (rec) => rec.ja4 && ja4s.push(rec.ja4));
    expect(ja4s.sort()).toEqual(truth.map((h) => h.ja4!).sort());
    const t = spawnSync('tshark', ['-n', '-r', out], { encoding: 'utf8', timeout: 30_000 });
    if (t.error === undefined) {
      expect(t.status).toBe(0);
      expect(
        t.stderr.split('\n').filter((l) => l.trim() && !/Running as user "root"/.test(l)),
      ).toEqual([]);
    }
  }, 120_000);

  it('refuses a selection without connections, ip or ja4, naming what is missing', () => {
    const r = ja4ws([
      'pcap',
      '--data-dir',
      mkdtempSync(join(tmpdir(), 'ja4ws-pcap-cli-')),
      '-o',
      '/dev/null',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/pcap: .*conn/);
  }, 60_000);
});
