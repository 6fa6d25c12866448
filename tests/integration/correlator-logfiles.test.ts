// nginx and Caddy access logs followed through both rotation styles, driven by explicit polls.
import {
  appendFileSync,
  copyFileSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../common/events/http-request.js';
import { startIngest, type Ingest } from '../../correlation-worker/src/ingest/ingest.js';
import { silent, tempDir } from './correlator-helpers.js';

let tmp: ReturnType<typeof tempDir>;
let ingest: Ingest | undefined;
let got: HttpRequest[];

function nginxLine(i: number): string {
  return (
    JSON.stringify({
      msec: `${1732480000 + i}.000`,
      request_time: '0.001',
      remote_addr: '192.0.2.9',
      remote_port: String(50000 + i),
      server_addr: '198.51.100.1',
      server_port: '443',
      scheme: 'https',
      request_method: 'GET',
      host: 'example.test',
      request_uri: `/n/${i}`,
      server_protocol: 'HTTP/1.1',
      status: '200',
      request_length: '80',
      bytes_sent: '100',
      http_host: 'example.test',
      http_user_agent: 'curl/8.5.0',
      http_accept: '*/*',
    }) + '\n'
  );
}

function caddyLine(i: number): string {
  return (
    JSON.stringify({
      level: 'info',
      ts: 1732480000 + i,
      logger: 'http.log.access',
      msg: 'handled request',
      request: {
        remote_ip: '192.0.2.9',
        remote_port: String(50000 + i),
        proto: 'HTTP/1.1',
        method: 'GET',
        host: 'example.test',
        uri: `/c/${i}`,
        headers: { 'User-Agent': ['curl/8.5.0'] },
      },
      duration: 0.001,
      size: 5,
      status: 200,
    }) + '\n'
  );
}

beforeEach(() => {
  tmp = tempDir('ja4ws-logs-');
  got = [];
});
afterEach(async () => {
  await ingest?.close();
  ingest = undefined;
  tmp.cleanup();
});

async function start(
  format: 'nginx' | 'caddy' | 'apache',
  path: string,
  startAt: 'start' | 'end' = 'start',
): Promise<Ingest> {
  ingest = await startIngest(
    {
      httpSocket: false,
      networkSocket: false,
      deadLetter: { path: join(tmp.dir, 'dead.jsonl') },
      // A long poll interval: the test drives every read itself.
      files: [{ path, format, startAt, pollMs: 3_600_000, dst_port: 443 }],
    },
    tmp.dir,
    { request: (r) => got.push(r), handshake: () => {} },
    silent,
  );
  return ingest;
}

describe('access-log files', () => {
  it("follows an nginx log through a rename rotation without losing the old file's tail", async () => {
    const log = join(tmp.dir, 'access.json');
    writeFileSync(log, nginxLine(1) + nginxLine(2));
    const ing = await start('nginx', log);
    await ing.pollFiles();
    expect(got.map((r) => r.path)).toEqual(['/n/1', '/n/2']);
    appendFileSync(log, nginxLine(3) + nginxLine(4).slice(0, 40)); // a line still being written
    await ing.pollFiles();
    expect(got).toHaveLength(3);
    // logrotate: rename; nginx finishes its line in the old file, then reopens a new one.
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, nginxLine(4).slice(40) + nginxLine(5));
    writeFileSync(log, nginxLine(6));
    await ing.pollFiles();
    expect(got.map((r) => r.path)).toEqual(['/n/1', '/n/2', '/n/3', '/n/4', '/n/5', '/n/6']);
    appendFileSync(log, 'not json\n' + nginxLine(7));
    await ing.pollFiles();
    expect(got.map((r) => r.path).slice(-1)).toEqual(['/n/7']);
    const files = ing.stats().files;
    expect(Object.values(files)[0]).toMatchObject({ rotations: 1, truncations: 0 });
    expect(ing.stats().sources[`nginx:${log}`]?.bad.malformed_json).toBe(1);
    expect(got[0]).toMatchObject({ src_port: 50001, dst_port: 443, header_order: 'configured' });
  });

  it('follows a Caddy log through copytruncate', async () => {
    const log = join(tmp.dir, 'caddy.json');
    writeFileSync(log, caddyLine(1) + caddyLine(2));
    const ing = await start('caddy', log);
    await ing.pollFiles();
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    appendFileSync(log, caddyLine(3));
    await ing.pollFiles();
    expect(got.map((r) => r.path)).toEqual(['/c/1', '/c/2', '/c/3']);
    expect(Object.values(ing.stats().files)[0]).toMatchObject({ truncations: 1, rotations: 0 });
    expect(got[2]).toMatchObject({ dst_port: 443, source: 'caddy', header_order: 'sorted' });
  });

  it('starts at the end of an existing file by default (like tail -F) and waits for a missing one', async () => {
    const log = join(tmp.dir, 'later.json');
    const ing = await start('nginx', log, 'end');
    await ing.pollFiles();
    writeFileSync(log, nginxLine(1));
    await ing.pollFiles();
    expect(got.map((r) => r.path)).toEqual(['/n/1']);
    await ingest?.close();
    got = [];
    const ing2 = await start('nginx', log, 'end');
    await ing2.pollFiles();
    appendFileSync(log, nginxLine(2));
    await ing2.pollFiles();
    expect(got.map((r) => r.path)).toEqual(['/n/2']);
  });
  it('follows an Apache log (its \\xhh escapes decoded); a bad line is counted by field', async () => {
    const log = join(tmp.dir, 'apache.json');
    const fixture = readFileSync(
      new URL('../../correlation-worker/test-fixtures/apache/access.json', import.meta.url),
      'utf8',
    );
    writeFileSync(log, fixture);
    const ing = await start('apache', log);
    await ing.pollFiles();
    expect(got.map((r) => r.path)).toEqual(['', '/a"b\\c/\u0001', '/a%20b', '/index.html']);
    expect(got[2]!.headers).toContainEqual(['x-t', 'q"uo\\te é']);
    appendFileSync(
      log,
      '{"time":"x","remote_addr":"127.0.0.1","remote_port":1,"request":"GET / HTTP/1.1"}\n',
    );
    await ing.pollFiles();
    const src = ing.stats().sources[`apache:${log}`]!;
    expect(src.lines_ok).toBe(4);
    expect(src.bad.invalid_field).toBe(1);
    expect(src.bad_fields).toEqual({ time: 1 });
  });
});
