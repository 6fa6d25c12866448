// The desktop's file operations over the IPC binding, with the save and open dialogs injected (no
// Electron here): an export written where the save dialog says holds the same rows and columns as
// the HTTP binding's stream of the same query, and tshark's view of the capture; an upload
// chosen in the open dialog is read where it is (not deleted) and its connections are stored.
// In remote mode main relays the same bytes to and from a daemon's HTTP binding.
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePath, tsharkView } from '../../../capture-worker/test-fixtures/captures.js';
import type { IpcEnvelope } from '../../../common/api/ipc.js';
import type { ExportColumn, SearchQueryInput } from '../../../common/api/search.js';
import { listenApi } from '../../../tests/support/api-server.js';
import { testContext } from '../../../tests/support/context.js';
import { importCaptureFile } from '../../domain/import/operations.js';
import { migrateUp } from '../../storage/migrations/runner.js';
import { openStore, type Store } from '../../storage/store.js';
import type { HandlerContext } from '../context.js';
import { HttpApiClient } from '../../../common/api/http-client.js';
import { bindIpc, type IpcEventLike, type IpcMainLike } from './bind-ipc.js';
import { bindIpcRemote } from './bind-ipc-remote.js';
import type { FileDialogs } from './dialog-files.js';

const CAPTURE = 'tls-clients.pcap';
const UPLOAD = 'tls12-h2.pcap';
const token = 'ipc-files-token-0123456789abcdefghijklmnopqrstuv';
const everything = { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' };

let store: Store;
let ctx: HandlerContext;
let server: Server;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'ja4ws-ipc-files-'));

/** A fake ipcMain, and a call through whatever binding handles it. */
function fakeIpc() {
  let listener!: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>;
  const ipc: IpcMainLike = {
    handle: (_channel, l) => void (listener = l),
    removeHandler: () => undefined,
  };
  const invoke = (name: string, input: unknown) =>
    listener({ senderFrame: { url: 'app://ui/' } }, name, input) as Promise<IpcEnvelope>;
  return { ipc, invoke };
}

/** The desktop: the IPC binding on this process's store, with these dialogs. */
function desktop(dialogs: FileDialogs | undefined) {
  const { ipc, invoke } = fakeIpc();
  bindIpc(ipc, ctx, () => true, pino({ level: 'silent' }), dialogs);
  return invoke;
}

/** The desktop in remote mode: main relays to the daemon's HTTP binding, with these dialogs. */
function remoteDesktop(dialogs: FileDialogs | undefined) {
  const { ipc, invoke } = fakeIpc();
  bindIpcRemote(ipc, new HttpApiClient(base, () => token), () => true, dialogs);
  return invoke;
}

const saveTo = (path: string | undefined, asked: string[] = []): FileDialogs => ({
  savePath: async (name) => (asked.push(name), path),
  openPaths: async () => [],
});

async function httpExport(query: SearchQueryInput): Promise<string> {
  const res = await fetch(`${base}/api/v1/search.export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(query),
  });
  expect(res.status).toBe(200);
  return res.text();
}

beforeAll(async () => {
  store = await openStore({
    kind: 'embedded',
    dataDir: mkdtempSync(join(tmpdir(), 'ja4ws-ipcf-')),
  });
  await migrateUp(store);
  await importCaptureFile(store, capturePath(CAPTURE), { ja4plus: true, sensor: 'capture' });
  ctx = testContext(store);
  ({ server, base } = await listenApi(ctx, token));
}, 60_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await store?.close();
});

describe('search.export over IPC (save dialog)', () => {
  it('writes the same rows and columns as the HTTP stream, in CSV and JSON', async () => {
    const columns: ExportColumn[] = ['src', 'src_port', 'dst_port', 'ja4', 'sni'];
    const query = { window: everything, source: 'handshakes' as const, columns };
    for (const format of ['csv', 'json'] as const) {
      const asked: string[] = [];
      const path = join(dir, `export.${format}`);
      const r = await desktop(saveTo(path, asked))('search.export', { ...query, format });
      expect(r).toMatchObject({ ok: true, value: { saved: true, path } });
      expect(asked[0]).toMatch(new RegExp(`^ja4ws-handshakes-.*\\.${format}$`));
      const saved = readFileSync(path, 'utf8');
      const streamed = await httpExport({ ...query, format });
      expect((r as { value: { bytes: number } }).value.bytes).toBe(Buffer.byteLength(saved));
      if (format === 'csv') {
        const lines = saved.trimEnd().split('\n');
        expect(lines[0]).toBe('src,src_port,dst_port,ja4,sni');
        expect(lines.slice(1).sort()).toEqual(streamed.trimEnd().split('\n').slice(1).sort());
        // Every TCP ClientHello tshark sees in the capture is a row (independent truth).
        const rows = new Set(lines.slice(1).map((l) => l.split(',').slice(0, 2).join('|')));
        const hellos = tsharkView(CAPTURE).hellos.filter(
          (h) => h.type === 'client' && h.transport === 'tcp',
        );
        for (const h of hellos) expect(rows).toContain(`${h.src}|${h.src_port}`);
      } else {
        const rows = JSON.parse(saved) as Record<string, unknown>[];
        const sort = (a: Record<string, unknown>[]) => a.map((x) => JSON.stringify(x)).sort();
        expect(sort(rows)).toEqual(sort(JSON.parse(streamed) as Record<string, unknown>[]));
        expect(Object.keys(rows[0]!)).toEqual(columns);
      }
    }
  });

  it('writes nothing when the dialog is cancelled, and refuses without dialogs', async () => {
    const q = { window: everything, format: 'csv' };
    expect(await desktop(saveTo(undefined))('search.export', q)).toEqual({
      ok: true,
      value: { saved: false, path: '', bytes: 0 },
    });
    expect(await desktop(undefined)('search.export', q)).toMatchObject({
      ok: false,
      status: 409,
      error: { kind: 'conflict', message: expect.stringContaining('/api/v1/search.export') },
    });
    // Bad input is the same 400 naming the field as over HTTP, before any dialog opens.
    const asked: string[] = [];
    expect(
      await desktop(saveTo(join(dir, 'x.csv'), asked))('search.export', {
        window: everything,
        format: 'xml',
      }),
    ).toMatchObject({ ok: false, status: 400, error: { field: 'format' } });
    expect(asked).toEqual([]);
  });
});

describe('import.upload over IPC (open dialog)', () => {
  it('imports the chosen file where it is and stores its connections', async () => {
    const chosen = join(dir, UPLOAD);
    copyFileSync(capturePath(UPLOAD), chosen);
    const open: FileDialogs = { savePath: async () => undefined, openPaths: async () => [chosen] };
    const r = await desktop(open)('import.upload', {});
    expect(r).toMatchObject({ ok: true, value: { jobs: [{ file: UPLOAD }] } });
    await ctx.imports.idle();
    expect(ctx.imports.list()[0]).toMatchObject({ file: UPLOAD, state: 'done', error: null });
    // The analyst's own file is read, never moved or deleted.
    expect(existsSync(chosen)).toBe(true);
    const rs = await store.client.query({
      query: 'SELECT ja4 FROM tls_handshakes WHERE sensor = {s:String}',
      query_params: { s: `import:${UPLOAD}` },
      format: 'JSONEachRow',
    });
    const stored = (await rs.json<{ ja4: string }>()).map((x) => x.ja4);
    // tshark's view of the capture: its ClientHello's JA4 is the stored row.
    const truth = tsharkView(UPLOAD)
      .hellos.filter((h) => h.type === 'client')
      .map((h) => h.ja4);
    expect(stored.sort()).toEqual(truth.sort());
  });

  it('a cancelled dialog imports nothing; a path that is not a file is refused', async () => {
    const none: FileDialogs = { savePath: async () => undefined, openPaths: async () => [] };
    expect(await desktop(none)('import.upload', {})).toEqual({ ok: true, value: { jobs: [] } });
    const bad: FileDialogs = { savePath: async () => undefined, openPaths: async () => [dir] };
    expect(await desktop(bad)('import.upload', {})).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'import.not_file' },
    });
  });
});

describe('remote mode: main relays file operations to the daemon', () => {
  it('an export lands where the save dialog says, the same bytes as the HTTP stream', async () => {
    const columns: ExportColumn[] = ['src', 'src_port', 'ja4'];
    const query = {
      window: everything,
      source: 'handshakes' as const,
      columns,
      format: 'csv' as const,
    };
    const asked: string[] = [];
    const path = join(dir, 'remote-export.csv');
    const r = await remoteDesktop(saveTo(path, asked))('search.export', query);
    const saved = readFileSync(path, 'utf8');
    expect(r).toEqual({ ok: true, value: { saved: true, path, bytes: Buffer.byteLength(saved) } });
    // The daemon named the file; the dialog offered its name.
    expect(asked[0]).toMatch(/^ja4ws-handshakes-.*\.csv$/);
    const streamed = await httpExport(query);
    expect(saved.split('\n')[0]).toBe('src,src_port,ja4');
    expect(saved.trimEnd().split('\n').slice(1).sort()).toEqual(
      streamed.trimEnd().split('\n').slice(1).sort(),
    );
  });

  it("bad input is the daemon's 400 before any dialog; a cancelled dialog writes nothing", async () => {
    const asked: string[] = [];
    const target = join(dir, 'never.csv');
    expect(
      await remoteDesktop(saveTo(target, asked))('search.export', {
        window: everything,
        format: 'xml',
      }),
    ).toMatchObject({ ok: false, status: 400, error: { field: 'format' } });
    expect(asked).toEqual([]);
    expect(await remoteDesktop(saveTo(undefined))('search.export', { window: everything })).toEqual(
      { ok: true, value: { saved: false, path: '', bytes: 0 } },
    );
    expect(existsSync(target)).toBe(false);
  });

  it("a pcap's counts come from the daemon's headers", async () => {
    const [row] = await (
      await store.client.query({
        query:
          "SELECT replaceOne(toString(src_ip), '::ffff:', '') AS src, src_port, replaceOne(toString(dst_ip), '::ffff:', '') AS dst, dst_port, toUnixTimestamp64Micro(ts) AS us FROM tls_handshakes WHERE sensor = 'capture' LIMIT 1",
        format: 'JSONEachRow',
      })
    ).json<{ src: string; src_port: number; dst: string; dst_port: number; us: string }>();
    const conn = `${row!.src}|${row!.src_port}|${row!.dst}|${row!.dst_port}|${row!.us}`;
    const path = join(dir, 'remote.pcapng');
    const r = await remoteDesktop(saveTo(path))('pcap.file', { conn: [conn] });
    // Imported without packet references: the file says so, and the counts agree with it.
    expect(r).toMatchObject({
      ok: true,
      value: { saved: true, path, connections: 1, unavailable: 1, packets: 0 },
    });
    expect((r as { value: { bytes: number } }).value.bytes).toBe(readFileSync(path).length);
  });

  it('each file chosen in the open dialog is one upload; the jobs come back together', async () => {
    const a = join(dir, 'remote-a.pcap');
    const b = join(dir, 'remote-b.pcap');
    copyFileSync(capturePath(UPLOAD), a);
    copyFileSync(capturePath(CAPTURE), b);
    const open: FileDialogs = { savePath: async () => undefined, openPaths: async () => [a, b] };
    const r = await remoteDesktop(open)('import.upload', {});
    expect(r).toMatchObject({
      ok: true,
      value: { jobs: [{ file: 'remote-a.pcap' }, { file: 'remote-b.pcap' }] },
    });
    await ctx.imports.idle();
    // The daemon received copies; the analyst's files stay where they are.
    expect(existsSync(a) && existsSync(b)).toBe(true);
    const rs = await store.client.query({
      query: 'SELECT ja4 FROM tls_handshakes WHERE sensor = {s:String}',
      query_params: { s: 'import:remote-a.pcap' },
      format: 'JSONEachRow',
    });
    const truth = tsharkView(UPLOAD)
      .hellos.filter((h) => h.type === 'client')
      .map((h) => h.ja4);
    expect((await rs.json<{ ja4: string }>()).map((x) => x.ja4).sort()).toEqual(truth.sort());
    const none: FileDialogs = { savePath: async () => undefined, openPaths: async () => [] };
    expect(await remoteDesktop(none)('import.upload', {})).toEqual({
      ok: true,
      value: { jobs: [] },
    });
  });
});
