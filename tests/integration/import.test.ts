// `ja4ws import` end to end in one process: the project's own real captures into a real embedded
// store (SNI values checked against tshark's view of the capture), and the three kinds of bad file
// a person hands it.
import { copyFileSync, mkdtempSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../common/util/errors.js';
import { runCli } from '../../main/cli/program.js';
import { openStore } from '../../main/storage/store.js';
import { capturePath, tsharkView } from '../../capture-worker/test-fixtures/captures.js';

const dataDir = mkdtempSync(join(tmpdir(), 'ja4ws-import-'));
const work = mkdtempSync(join(tmpdir(), 'ja4ws-import-files-'));

/** tshark's SNI of the first ClientHello of every TCP connection that sent one. */
function tsharkSnis(pcap: string): string[] {
  const first = new Map<string, string>();
  for (const h of tsharkView(pcap).hellos) {
    const conn = `${h.src}|${h.src_port}|${h.dst}|${h.dst_port}`;
    if (h.type === 'client' && h.transport === 'tcp' && h.sni && !first.has(conn))
      first.set(conn, h.sni);
  }
  return [...first.values()].sort();
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
  it('stores one row per connection with the SNI values tshark reports', async () => {
    const r = await run([
      'import',
      '--quiet',
      '--data-dir',
      dataDir,
      '--sensor',
      'good',
      capturePath('tls-clients.pcap'),
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(ExitCode.ok);
    const want = tsharkSnis('tls-clients.pcap');
    expect(want.length).toBeGreaterThan(150);
    expect(await storedSnis('good')).toEqual(want);
  });

  it('keeps the rows before the damage of a truncated file and names the file and the problem', async () => {
    const file = join(work, 'cut.pcap');
    copyFileSync(capturePath('tls-clients.pcap'), file);
    truncateSync(file, Math.floor(statSync(file).size * 0.6));
    const r = await run(['import', '-q', '--data-dir', dataDir, '--sensor', 'cut', file]);
    expect(r.code).toBe(ExitCode.failure);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(file);
    expect(r.err).toMatch(/truncated/);
    const kept = await storedSnis('cut');
    expect(kept.length).toBeGreaterThan(0);
    // Everything kept is a real connection of the original capture.
    const all = tsharkSnis('tls-clients.pcap');
    for (const sni of kept) expect(all).toContain(sni);
  });

  it('refuses a file that is not a capture and a missing file, one line each', async () => {
    const text = join(work, 'notes.txt');
    writeFileSync(text, 'this is not a capture file\n'.repeat(10));
    const missing = join(work, 'missing.pcap');
    const r = await run(['import', '-q', '--data-dir', dataDir, text, missing]);
    expect(r.code).toBe(ExitCode.failure);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(text);
    expect(lines[1]).toContain(missing);
    expect(lines[1]).toMatch(/no such file/);
  });
});
