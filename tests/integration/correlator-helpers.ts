// Shared set-up for the ingest/correlator integration tests: a temp dir, a silent logger, a
// client that writes raw bytes to a UNIX socket.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';

export const silent = pino({ level: 'silent' });

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

export function write(s: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => s.write(data, (err) => (err ? reject(err) : resolve())));
}

export function end(s: Socket): Promise<void> {
  return new Promise((resolve) => s.end(() => resolve()));
}

export function requestLine(i: number, over: Record<string, unknown> = {}): string {
  return (
    JSON.stringify({
      time: 1732480000 + i / 1000,
      src_ip: '192.0.2.1',
      src_port: 40000 + (i % 20000),
      dst_ip: '198.51.100.1',
      dst_port: 443,
      method: 'GET',
      path: `/r/${i}`,
      http_version: '1.1',
      status: 200,
      headers: [
        ['Host', 'example.test'],
        ['User-Agent', 'curl/8.5.0'],
      ],
      ...over,
    }) + '\n'
  );
}

/** The nginx log_format block of docs/ingest.md, as an operator would copy it. */
export function nginxLogFormatFromDocs(): string {
  const doc = readFileSync(new URL('../../docs/ingest.md', import.meta.url), 'utf8');
  const re = new RegExp('<' + '!-- nginx-log-format:begin -->\\n```nginx\\n([\\s\\S]*?)```');
  return re.exec(doc)?.[1] ?? '';
}
