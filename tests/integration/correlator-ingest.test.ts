// Real UNIX sockets in a temp dir: many writers at once, bad input of every kind between good
// lines on one connection, socket file handling.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionRecord } from '../../common/events/connection.js';
import type { HttpRequest } from '../../common/events/http-request.js';
import { startIngest, type Ingest } from '../../correlation-worker/src/ingest/ingest.js';
import { end, openSocket, requestLine, silent, tempDir, write } from './correlator-helpers.js';

let tmp: ReturnType<typeof tempDir>;
let ingest: Ingest | undefined;
let requests: HttpRequest[];
let handshakes: ConnectionRecord[];

async function start(extra: Record<string, unknown> = {}): Promise<Ingest> {
  ingest = await startIngest(
    {
      httpSocket: join(tmp.dir, 'http.socket'),
      networkSocket: join(tmp.dir, 'network.socket'),
      deadLetter: { path: join(tmp.dir, 'dead', 'ingest.jsonl') },
      ...extra,
    },
    tmp.dir,
    { request: (r) => requests.push(r), handshake: (h) => handshakes.push(h) },
    silent,
  );
  return ingest;
}

beforeEach(() => {
  tmp = tempDir('ja4ws-ingest-');
  requests = [];
  handshakes = [];
});
afterEach(async () => {
  await ingest?.close();
  ingest = undefined;
  tmp.cleanup();
});

function gidOf(group: string): number | undefined {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${group}:`));
  return line ? Number(line.split(':')[2]) : undefined;
}

describe('ingest sockets', () => {
  it.skipIf(process.getuid?.() !== 0 || gidOf('daemon') === undefined)(
    'gives the socket file the configured group (root only: chown to another group)',
    async () => {
      const ing = await start({ socketGroup: 'daemon', networkSocket: false });
      expect(statSync(ing.paths.http as string).gid).toBe(gidOf('daemon'));
      await expect(
        startIngest(
          {
            httpSocket: join(tmp.dir, 'x.socket'),
            networkSocket: false,
            socketGroup: 'no-such-group-ja4ws',
          },
          tmp.dir,
          { request: () => {}, handshake: () => {} },
          silent,
        ),
      ).rejects.toMatchObject({ code: 'INGEST_GROUP' });
    },
  );

  it('takes lines from many concurrent writers, each writer in order', async () => {
    const ing = await start();
    const WRITERS = 25;
    const LINES = 400;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const s = await openSocket(ing.paths.http as string);
        let buf = '';
        for (let i = 0; i < LINES; i++) buf += requestLine(w * LINES + i, { source: `w${w}` });
        // Odd-sized writes so lines straddle chunks.
        for (let off = 0; off < buf.length; off += 997) await write(s, buf.slice(off, off + 997));
        await end(s);
      }),
    );
    await vi.waitFor(() => expect(requests).toHaveLength(WRITERS * LINES), { timeout: 10_000 });
    for (let w = 0; w < WRITERS; w++) {
      const mine = requests.filter((r) => r.source === `w${w}`).map((r) => r.path);
      expect(mine).toEqual(Array.from({ length: LINES }, (_, i) => `/r/${w * LINES + i}`));
    }
    const st = ing.stats().sources['http.socket'];
    expect(st?.lines_ok).toBe(WRITERS * LINES);
    expect(st?.connections_total).toBe(WRITERS);
    expect(Object.values(st?.bad ?? {}).every((n) => n === 0)).toBe(true);
  });

  it('counts, logs and dead-letters each kind of bad line; the good lines and the connection carry on', async () => {
    const ing = await start();
    const s = await openSocket(ing.paths.http as string);
    const invalidUtf8 = Buffer.concat([
      Buffer.from(requestLine(900).slice(0, 30)),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}\n'),
    ]);
    const { src_port: _p, ...noPort } = JSON.parse(requestLine(901)) as Record<string, unknown>;
    await write(s, requestLine(1));
    await write(s, '{"time": 1, "src_ip": \n');
    await write(s, requestLine(2));
    await write(s, JSON.stringify(noPort) + '\n');
    await write(s, requestLine(3));
    await write(s, requestLine(902, { src_port: 'https' }));
    await write(s, requestLine(4));
    await write(s, requestLine(903, { path: 'x'.repeat(70 * 1024) }));
    await write(s, requestLine(5));
    await write(s, invalidUtf8);
    await write(s, requestLine(6));
    await write(s, requestLine(904, { headers: [['Host', 7]] }));
    await vi.waitFor(() => expect(requests).toHaveLength(6));
    // Same connection, still usable.
    await write(s, requestLine(7));
    await vi.waitFor(() => expect(requests).toHaveLength(7));
    expect(requests.map((r) => r.path)).toEqual([
      '/r/1',
      '/r/2',
      '/r/3',
      '/r/4',
      '/r/5',
      '/r/6',
      '/r/7',
    ]);
    expect(ing.stats().sources['http.socket']?.connections_total).toBe(1);

    const st = ing.stats().sources['http.socket'];
    expect(st?.bad).toEqual({
      malformed_json: 1,
      missing_field: 1,
      invalid_field: 2,
      oversize: 1,
      invalid_utf8: 1,
    });
    expect(st?.bad_fields).toEqual({ src_port: 2, 'headers.0.1': 1 });

    const dead = readFileSync(join(tmp.dir, 'dead', 'ingest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(dead.map((d) => d.kind)).toEqual([
      'malformed_json',
      'missing_field',
      'invalid_field',
      'oversize',
      'invalid_utf8',
      'invalid_field',
    ]);
    expect(dead[1]).toMatchObject({ source: 'http.socket', field: 'src_port' });
    expect(dead[3]).toMatchObject({ truncated: true, bytes: expect.any(Number) });
    expect((dead[3]?.line as string).length).toBe(512);
    expect(
      Buffer.from(dead[4]?.line_base64 as string, 'base64').includes(Buffer.from([0xff, 0xfe])),
    ).toBe(true);
    await end(s);
  });

  it('takes connection records from external sensors on network.socket', async () => {
    const ing = await start();
    const s = await openSocket(ing.paths.network as string);
    const rec = {
      ts_us: 1,
      stream: 0,
      transport: 'tcp',
      src: '192.0.2.1',
      src_port: 1,
      dst: '198.51.100.1',
      dst_port: 443,
      ja4: 'x',
    };
    await write(
      s,
      JSON.stringify(rec) + '\n' + JSON.stringify({ ...rec, transport: 'sctp' }) + '\n',
    );
    await vi.waitFor(() => expect(handshakes).toHaveLength(1));
    await vi.waitFor(() =>
      expect(ing.stats().sources['network.socket']?.bad.invalid_field).toBe(1),
    );
    expect(ing.stats().sources['network.socket']?.bad_fields).toEqual({ transport: 1 });
    await end(s);
  });

  it('creates sockets with mode 0660, replaces a stale socket file and refuses a live one', async () => {
    const path = join(tmp.dir, 'http.socket');
    // A stale socket file, as a crashed process leaves it (bound, never unlinked).
    execFileSync('/usr/bin/python3', [
      '-c',
      'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])',
      path,
    ]);
    expect(statSync(path).isSocket()).toBe(true);
    writeFileSync(join(tmp.dir, 'marker'), '');
    const ing = await start({ networkSocket: false });
    expect(ing.paths.network).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o660);
    await expect(
      startIngest(
        { httpSocket: path, networkSocket: false },
        tmp.dir,
        { request: () => {}, handshake: () => {} },
        silent,
      ),
    ).rejects.toMatchObject({
      code: 'INGEST_SOCKET_BUSY',
      // who holds it (this test process), where, and which setting moves it
      message: expect.stringContaining(
        `${path} is in use by process ${process.pid} (`,
      ) as unknown as string,
    });
    await expect(
      startIngest(
        { httpSocket: path, networkSocket: false },
        tmp.dir,
        { request: () => {}, handshake: () => {} },
        silent,
      ),
    ).rejects.toThrow(/set ingest\.httpSocket \(JA4WS_INGEST__HTTP_SOCKET\) to another path/);
    await expect(
      startIngest(
        { httpSocket: join(tmp.dir, 'marker'), networkSocket: false },
        tmp.dir,
        { request: () => {}, handshake: () => {} },
        silent,
      ),
    ).rejects.toMatchObject({ code: 'INGEST_SOCKET_PATH' });
  });
});
