// `ja4ws import` end to end in one process: real reference captures into a real embedded store,
// and the three kinds of bad file a person hands it.
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../common/util/errors.js';
import { runCli } from '../../main/cli/program.js';
import { openStore } from '../../main/storage/store.js';

const reference = resolve(import.meta.dirname, '../../../shared/testdata/ja4-reference');
const dataDir = mkdtempSync(join(tmpdir(), 'ja4ws-import-'));
const work = mkdtempSync(join(tmpdir(), 'ja4ws-import-files-'));

function referenceSnis(pcap: string): string[] {
  return readFileSync(join(reference, 'expected.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { source: string; pcap: string; tls_server_name?: string })
    .filter((r) => r.source === 'rust' && r.pcap === pcap && r.tls_server_name)
    .map((r) => r.tls_server_name!)
    .sort();
}

async function run(args: string[]) {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = undefined;
  const code = await runCli(args);
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return { code, out, err };
}

async function storedSnis(sensor: string): Promise<string[]> {
  const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  try {
    const rs = await store.client.query({
      query:
        "SELECT tls_server_name FROM tls_handshakes WHERE sensor = {sensor:String} AND tls_server_name != '' ORDER BY tls_server_name",
      query_params: { sensor },
      format: 'JSONEachRow',
    });
    return (await rs.json<{ tls_server_name: string }>()).map((r) => r.tls_server_name);
  } finally {
    await store.close();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('ja4ws import', () => {
  it('stores one row per connection with the SNI values the reference reports', async () => {
    const r = await run([
      'import',
      '--data-dir',
      dataDir,
      '--sensor',
      'good',
      join(reference, 'pcap/latest.pcapng'),
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(ExitCode.ok);
    expect(await storedSnis('good')).toEqual(referenceSnis('latest.pcapng'));
  });

  it('keeps the rows before the damage of a truncated file and names the file and the problem', async () => {
    const file = join(work, 'cut.pcapng');
    copyFileSync(join(reference, 'pcap/tls-sni.pcapng'), file);
    truncateSync(file, Math.floor(statSync(file).size * 0.6));
    const r = await run(['import', '--data-dir', dataDir, '--sensor', 'cut', file]);
    expect(r.code).toBe(ExitCode.failure);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(file);
    expect(r.err).toMatch(/truncated/);
    const kept = await storedSnis('cut');
    expect(kept.length).toBeGreaterThan(0);
    // Everything kept is a real connection of the original capture.
    const all = referenceSnis('tls-sni.pcapng');
    for (const sni of kept) expect(all).toContain(sni);
  });

  it('refuses a file that is not a capture and a missing file, one line each', async () => {
    const text = join(work, 'notes.txt');
    writeFileSync(text, 'this is not a capture file\n'.repeat(10));
    const missing = join(work, 'missing.pcap');
    const r = await run(['import', '--data-dir', dataDir, text, missing]);
    expect(r.code).toBe(ExitCode.failure);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(text);
    expect(lines[1]).toContain(missing);
    expect(lines[1]).toMatch(/no such file/);
  });
});
