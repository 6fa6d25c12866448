// Retrieval (issue 24), live and imported: a connection's pcapng opens in tshark without a
// warning, holds that connection's handshake, and `ja4ws fingerprint`'s engine gives it the JA4
// tshark computes on the original capture (independent truth: the fixture's tshark view).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../capture-worker/src/engine/engine.js';
import { fingerprintFile } from '../../../capture-worker/src/cli/fingerprint-files.js';
import { PacketStoreOptions } from '../../../capture-worker/src/packet-store/options.js';
import { PacketStoreWriter } from '../../../capture-worker/src/packet-store/writer.js';
import { forEachPacket } from '../../../capture-worker/src/pcap/read-file.js';
import { capturePath, tsharkView } from '../../../capture-worker/test-fixtures/captures.js';
import { PcapSelection, type PcapSelectionInput } from '../../../common/api/pcap.js';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { connectionId } from '../../../common/events/connection-id.js';
import { migrateUp } from '../../storage/migrations/runner.js';
import { handshakeToRow, TLS_HANDSHAKES } from '../../storage/rows/tls-handshake.js';
import { openStore, type Store } from '../../storage/store.js';
import { importCaptureFile } from '../import/operations.js';
import { packetImportsDir, workerPacketDir } from './paths.js';
import { pcapPlan, writePcap } from './operations.js';
import { downloadPcap } from './download.js';
import { dialogFiles } from '../../api/ipc/dialog-files.js';
import { noFiles } from '../../api/files/no-files.js';

const LIVE = 'tls12-h2.pcap';
const IMPORTED = 'tls-clients.pcap';
const hasTshark = spawnSync('tshark', ['--version']).status === 0;

let store: Store;
let dataDir: string;
let liveRecords: ConnectionRecord[] = [];

/** The capture as the live worker sees it: engine + packet store writer, rows into the store. */
async function captureLive(file: string, perDirectionBytes: number): Promise<ConnectionRecord[]> {
  const writer = new PacketStoreWriter(
    PacketStoreOptions.parse({ dir: workerPacketDir(dataDir, 'lo'), perDirectionBytes }),
  );
  const out: ConnectionRecord[] = [];
  const engine = createEngine({
    ja4plus: true,
    sensor: 'lo',
    packetTap: writer,
    onRecord: (r) => out.push(r),
  });
  await forEachPacket(capturePath(file), (p) => engine.push(p));
  engine.finish();
  await writer.close();
  await store.insert(
    TLS_HANDSHAKES,
    out.filter((r) => r.ja4 !== undefined).map((r) => handshakeToRow(r, 'lo')),
  );
  return out;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ja4ws-pcap-'));
  store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  await migrateUp(store);
  liveRecords = await captureLive(LIVE, 64 * 1024);
  await importCaptureFile(store, capturePath(IMPORTED), {
    ja4plus: true,
    packetRefsDir: packetImportsDir(dataDir),
  });
}, 60_000);

afterAll(async () => {
  await store?.close();
});

async function pcapOf(input: PcapSelectionInput) {
  const chunks: Buffer[] = [];
  const plan = await writePcap({ ch: store.client, dataDir }, PcapSelection.parse(input), (b) => {
    chunks.push(b);
  });
  const file = join(dataDir, `out-${Math.random().toString(36).slice(2)}.pcapng`);
  writeFileSync(file, Buffer.concat(chunks));
  return { plan, file };
}

/** tshark's reading: exit status, stderr without the root notice, and fields of client hellos. */
function tshark(file: string, fields: string[], filter = 'tls.handshake.type == 1') {
  const r = spawnSync(
    'tshark',
    ['-n', '-r', file, '-Y', filter, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/Running as user "root"/.test(l))
    .join('\n');
  return {
    status: r.status,
    stderr,
    rows: r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')),
  };
}

async function ja4sOf(file: string): Promise<string[]> {
  const recs: ConnectionRecord[] = [];
  const res = await fingerprintFile(file, { ja4plus: true }, (r) => recs.push(r));
  expect(res.error).toBeUndefined();
  return recs.map((r) => r.ja4).filter((j): j is string => j !== undefined);
}

describe('pcap retrieval: live packet store', () => {
  it('one connection: tshark reads it without warnings and it re-fingerprints to the stored JA4', async () => {
    const truth = tsharkView(LIVE).hellos.find(
      (h) => h.type === 'client' && h.transport === 'tcp',
    )!;
    const rec = liveRecords.find((r) => r.src_port === truth.src_port)!;
    const { plan, file } = await pcapOf({ conn: [connectionId(rec)] });
    expect(plan.connections).toHaveLength(1);
    expect(plan.connections[0]).toMatchObject({
      id: connectionId(rec),
      ja4: truth.ja4,
      truncated: false,
    });
    expect(await ja4sOf(file)).toEqual([truth.ja4]);
    if (!hasTshark) return;
    const t = tshark(file, ['tcp.srcport', 'frame.comment'], 'frame.comment');
    expect(t.status).toBe(0);
    expect(t.stderr).toBe('');
    expect(t.rows[0]?.[1]).toContain(`ja4 ${truth.ja4}`);
    expect(t.rows[0]?.[1]).toContain(`ja4ws connection ${connectionId(rec)}`);
    const hellos = tshark(file, ['tcp.srcport', 'tls.handshake.extensions_server_name']);
    expect(hellos.rows).toEqual([[String(truth.src_port), truth.sni ?? '']]);
  });

  it('by ip and window: every connection of that client, in time order, one comment each', async () => {
    const first = liveRecords[0]!;
    const window = {
      from: new Date(first.ts_us / 1000 - 60_000).toISOString(),
      to: new Date(first.ts_us / 1000 + 3_600_000).toISOString(),
    };
    const { plan, file } = await pcapOf({ ip: first.src, window });
    const truth = tsharkView(LIVE).hellos.filter((h) => h.type === 'client' && h.src === first.src);
    expect(plan.connections).toHaveLength(truth.length);
    expect((await ja4sOf(file)).sort()).toEqual(truth.map((h) => h.ja4!).sort());
  });
});

describe('pcap retrieval: truncation is visible', () => {
  it('a connection beyond the per-direction cap says so in the file and in the plan', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'ja4ws-pcap-cap-'));
    const saved = dataDir;
    dataDir = dir2;
    try {
      const s2 = store;
      // Reuse the store's rows; only the packet store differs (600 bytes per direction).
      const recs = await captureLive(LIVE, 600);
      const rec = recs.find((r) => r.ja4 !== undefined)!;
      const { plan, file } = await pcapOf({ conn: [connectionId(rec)] });
      expect(s2).toBe(store);
      expect(plan.truncated).toBe(1);
      expect(plan.connections[0]?.note).toMatch(
        /TRUNCATED by the per-direction cap: not kept \d+ packets/,
      );
      if (!hasTshark) return;
      const t = tshark(file, ['frame.comment'], 'frame.comment');
      expect(t.status).toBe(0);
      expect(t.stderr).toBe('');
      expect(t.rows[0]?.[0]).toMatch(/TRUNCATED/);
    } finally {
      dataDir = saved;
    }
  });
});

describe('pcap retrieval: imported files are referenced, not copied', () => {
  it("reads the connection from the source file and re-fingerprints to tshark's JA4", async () => {
    const truth = tsharkView(IMPORTED).hellos.filter(
      (h) => h.type === 'client' && h.transport === 'tcp',
    );
    const window = { from: '2020-01-01T00:00:00Z', to: '2029-01-01T00:00:00Z' };
    const one = truth[3]!;
    const { plan, file } = await pcapOf({ ip: one.src, ja4: one.ja4!, window });
    expect(plan.connections.length).toBeGreaterThan(0);
    expect(plan.unavailable).toBe(0);
    for (const j of await ja4sOf(file)) expect(j).toBe(one.ja4);
    if (!hasTshark) return;
    const t = tshark(file, ['tcp.srcport']);
    expect(t.status).toBe(0);
    expect(t.stderr).toBe('');
    expect(t.rows.length).toBe(plan.connections.length);
  });

  it('says so when the source file has moved', async () => {
    const copy = join(dataDir, 'moving.pcap');
    copyFileSync(capturePath(LIVE), copy);
    // A packet directory of its own (one embedded store per process: the rows share it).
    const d3 = mkdtempSync(join(tmpdir(), 'ja4ws-pcap-mv-'));
    await importCaptureFile(store, copy, { ja4plus: true, packetRefsDir: packetImportsDir(d3) });
    const truth = tsharkView(LIVE).hellos.find((h) => h.type === 'client')!;
    const window = { from: '2020-01-01T00:00:00Z', to: '2029-01-01T00:00:00Z' };
    const sel = PcapSelection.parse({ ip: truth.src, window });
    const before = await pcapPlan({ ch: store.client, dataDir: d3 }, sel);
    expect(before.unavailable).toBe(0);
    renameSync(copy, `${copy}.moved`);
    const after = await pcapPlan({ ch: store.client, dataDir: d3 }, sel);
    expect(after.connections.length).toBeGreaterThan(0);
    expect(after.unavailable).toBe(after.connections.length);
    expect(after.connections[0]?.note).toContain(`source file ${copy} has moved`);
  });
});

describe('pcap.file in the desktop (main writes where the save dialog says)', () => {
  it('writes the file the dialog names, and nothing when the dialog is cancelled', async () => {
    const truth = tsharkView(LIVE).hellos.find(
      (h) => h.type === 'client' && h.transport === 'tcp',
    )!;
    const rec = liveRecords.find((r) => r.src_port === truth.src_port)!;
    const target = join(dataDir, 'saved.pcapng');
    const asked: string[] = [];
    const dialog = (pick: string | undefined) =>
      dialogFiles({
        savePath: async (name: string) => (asked.push(name), pick),
        openPaths: async () => [],
      }).download;
    const src = { ch: store.client, dataDir };
    const sel = PcapSelection.parse({ conn: [connectionId(rec)] });
    const r = await downloadPcap(src, sel, dialog(target));
    expect(r).toMatchObject({ saved: true, path: target, packets: expect.any(Number) });
    expect(asked[0]).toMatch(/^ja4ws-conn-.*\.pcapng$/);
    expect(await ja4sOf(target)).toEqual([truth.ja4]);
    const cancelled = await downloadPcap(src, sel, dialog(undefined));
    expect(cancelled).toMatchObject({ saved: false, path: '', bytes: 0 });
    await expect(downloadPcap(src, sel, noFiles('pcap.file').download)).rejects.toThrow(
      /pcap\.file moves a file.*\/api\/v1\/pcap\.file/,
    );
  });
});
