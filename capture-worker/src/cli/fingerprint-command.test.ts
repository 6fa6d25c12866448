import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturePath, tsharkView } from '../../test-fixtures/captures.js';

const ROOT = join(import.meta.dirname, '../../..');
const TMP = mkdtempSync(join(tmpdir(), 'ja4-cli-'));

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'main/cli/main.ts'), 'fingerprint', ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('ja4ws fingerprint', () => {
  it('prints jsonl, csv and table; a bad, a missing and a truncated file each get one error line and exit 1, keeping good records', () => {
    const good = capturePath('tls12-h2.pcap');
    const hello = tsharkView('tls12-h2.pcap').hellos.find((h) => h.type === 'client')!;
    const notPcap = join(TMP, 'notes.txt');
    writeFileSync(notPcap, 'hello, not a capture\n');
    const full = readFileSync(capturePath('tls-clients.pcap'));
    const truncated = join(TMP, 'cut.pcap');
    writeFileSync(truncated, full.subarray(0, full.length - 100));

    const j = cli('-q', good, notPcap, join(TMP, 'missing.pcap'), truncated);
    expect(j.code).toBe(1);
    const errLines = j.err.split('\n').filter((l) => l.startsWith('ja4ws fingerprint:'));
    expect(errLines).toHaveLength(3);
    expect(errLines[0]).toMatch(/notes\.txt: not a pcap or pcapng file/);
    expect(errLines[1]).toMatch(/missing\.pcap: no such file/);
    expect(errLines[2]).toMatch(/cut\.pcap: truncated.*connections printed before it/);
    const recs = j.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(recs.filter((r) => r.pcap === 'tls12-h2.pcap').map((r) => r.ja4)).toEqual([hello.ja4]);
    expect(recs.filter((r) => r.pcap === 'cut.pcap').length).toBeGreaterThanOrEqual(2);

    const c = cli('--format', 'csv', '--no-ja4plus', good);
    expect(c.code).toBe(0);
    const [header, row] = c.out.trim().split('\n');
    expect(
      header?.startsWith('pcap,stream,transport,src,src_port,dst,dst_port,tls_server_name,ja4,'),
    ).toBe(true);
    expect(row?.startsWith(`tls12-h2.pcap,0,tcp,${hello.src},${hello.src_port},`)).toBe(true);
    expect(row).toContain(`,${hello.sni},${hello.ja4},`);
    expect(row).not.toMatch(/t1\d\d\dh2_/); // no JA4S without ja4plus

    const t = cli('--format', 'table', good);
    expect(t.out.split('\n')[0]).toMatch(/^pcap\s+stream\s+transport\s+src/);
  });

  it('`| head`: stops quietly with status 0 once its reader closes the pipe', async () => {
    // 300 copies of a capture: far more output than a pipe buffer holds, so the writes meet the
    // closed pipe while files are still being read.
    const files = Array.from({ length: 300 }, () => capturePath('tls-clients.pcap'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'main/cli/main.ts'), 'fingerprint', '-q', ...files],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const first = await new Promise<string>((resolve) => {
      let got = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        got += d;
        // What `head -1` does: take a line, close the pipe.
        if (got.includes('\n')) {
          child.stdout.destroy();
          resolve(got.slice(0, got.indexOf('\n')));
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.once('close', (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    expect(JSON.parse(first)).toMatchObject({ pcap: 'tls-clients.pcap' });
    expect(err).not.toMatch(/EPIPE|Unhandled|at .*\(/);
    expect(code).toBe(0);
  }, 90_000);
});
