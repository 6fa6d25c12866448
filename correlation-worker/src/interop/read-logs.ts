// Reads log files for `ja4ws import` and the Import view: plain or gzip (by magic bytes, not the
// name), single files or directories of rotated logs, format detected from the first lines.
// Lines stream through a bounded splitter; a bad line is counted by kind and its first few are
// kept with their line numbers for the person, the rest carry on.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { AppError } from '../../../common/util/errors.js';
import type { BadKind } from '../ingest/bad-input.js';
import { LineSplitter } from '../ingest/line-splitter.js';
import { detectFormat, zeekPathFromName, type Detection } from './detect.js';

export interface LineError {
  file: string;
  line: number;
  kind: BadKind;
  field?: string;
  message: string;
}

export interface FileReadStats {
  file: string;
  detection: Detection;
  lines: number;
  bytes: number;
  bad: Partial<Record<BadKind, number>>;
}

const SNIFF_BYTES = 64 * 1024;

async function head(path: string): Promise<{ text: string; gzip: boolean }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    const b = buf.subarray(0, bytesRead);
    const gzip = b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
    if (!gzip) return { text: b.toString('utf8'), gzip };
    // A truncated gzip prefix still inflates its beginning.
    let out: Buffer;
    try {
      out = gunzipSync(b, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    } catch {
      out = Buffer.alloc(0);
    }
    return { text: out.subarray(0, SNIFF_BYTES).toString('utf8'), gzip };
  } finally {
    await fh.close();
  }
}

export async function sniff(
  path: string,
): Promise<{ detection: Detection | undefined; gzip: boolean }> {
  const { text, gzip } = await head(path);
  return { detection: detectFormat(text.split('\n').slice(0, 50), path), gzip };
}

/** pcap and pcapng magic numbers: those files go to the capture import instead. */
export async function isCaptureFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(4);
    const { bytesRead } = await fh.read(b, 0, 4, 0);
    if (bytesRead < 4) return false;
    const m = b.readUInt32LE(0);
    return (
      m === 0xa1b2c3d4 ||
      m === 0xd4c3b2a1 ||
      m === 0xa1b23c4d ||
      m === 0x4d3cb2a1 ||
      m === 0x0a0d0d0a
    );
  } finally {
    await fh.close();
  }
}

const ZEEK_ORDER = { x509: 0, ssl: 1, conn: 2, http: 3 } as const;

/**
 * The files of a directory of rotated logs (recursively), oldest first; Zeek logs x509 before
 * ssl before conn before http within that, so the joins see what they need first.
 */
export function expandPaths(paths: readonly string[]): string[] {
  const out: { path: string; mtime: number }[] = [];
  const walk = (p: string, depth: number) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      if (depth > 4) return;
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.')) continue;
        walk(join(p, name), depth + 1);
      }
    } else if (st.isFile()) out.push({ path: p, mtime: st.mtimeMs });
  };
  for (const p of paths) walk(p, 0);
  const rank = (p: string) => {
    const z = zeekPathFromName(p);
    return z === undefined ? 4 : ZEEK_ORDER[z];
  };
  return out
    .sort(
      (a, b) => rank(a.path) - rank(b.path) || a.mtime - b.mtime || a.path.localeCompare(b.path),
    )
    .map((x) => x.path);
}

export interface ReadOptions {
  maxLineBytes?: number;
  onLine(line: Buffer, lineNo: number): void;
  onOversize?(lineNo: number, length: number): void;
  onBytes?(bytesRead: number): void;
  /** After each chunk's lines: a returned promise is awaited before the next chunk is read. */
  afterChunk?(): void | Promise<void>;
}

/** Streams one file's lines (gunzipped when it is gzip). */
export async function readLines(path: string, gzip: boolean, opts: ReadOptions): Promise<void> {
  let lineNo = 0;
  const splitter = new LineSplitter(opts.maxLineBytes ?? 1024 * 1024, {
    line: (b) => opts.onLine(b, ++lineNo),
    oversize: (_p, len) => opts.onOversize?.(++lineNo, len),
  });
  const file = createReadStream(path);
  let raw = 0;
  file.on('data', (c) => {
    raw += (c as Buffer).length;
    opts.onBytes?.(raw);
  });
  const stream = gzip ? file.pipe(createGunzip()) : file;
  try {
    for await (const chunk of stream) {
      splitter.push(chunk as Buffer);
      await opts.afterChunk?.();
    }
  } catch (err) {
    throw new AppError('import.read', `${path}: ${(err as Error).message}`, { path });
  }
  splitter.end();
}
