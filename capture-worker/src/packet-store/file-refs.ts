// Imported capture files are not copied into the packet store (issue 24): the import keeps a
// reference to the source file (path, size, modification time) and, per connection, where each of
// its packets' bytes lie in that file. Retrieval reads them from the file, after checking that it
// is still the file that was imported; when it moved or changed, retrieval says so.
//
// One JSON-lines file per import in <dataDir>/packets/imports/: a header line
// { v: 1, source: { path, size, mtimeMs } }, then one line per connection as it ends:
// { c: connection id, p: [dataOffset, capturedLength, originalLength, tsSec, tsNsec, linkType, dir, ...] }.
import { appendFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { connectionId } from '../../../common/events/connection-id.js';
import type { PacketTap, TappedFlow } from '../engine/packet-tap.js';
import type { RawPacket } from '../pcap/packet.js';
import type { StoredPacket } from './reader.js';

const FIELDS = 7;

export interface SourceRef {
  path: string;
  size: number;
  mtimeMs: number;
}

export class FileRefWriter implements PacketTap {
  private lines: string[] = [];
  private pendingBytes = 0;
  connections = 0;

  /** `offset()` is the parser's data offset of the packet being pushed. */
  constructor(
    readonly indexFile: string,
    source: string,
    private readonly offset: () => number,
  ) {
    const path = resolve(source);
    const st = statSync(path);
    mkdirSync(join(indexFile, '..'), { recursive: true, mode: 0o750 });
    const head: { v: 1; source: SourceRef } = {
      v: 1,
      source: { path, size: st.size, mtimeMs: st.mtimeMs },
    };
    appendFileSync(indexFile, `${JSON.stringify(head)}\n`, { mode: 0o640 });
  }

  packet(pkt: RawPacket, flow: TappedFlow, dir: 0 | 1): void {
    let p = flow.tap as number[] | null;
    if (p === null) flow.tap = p = [];
    p.push(this.offset(), pkt.data.length, pkt.origLen, pkt.tsSec, pkt.tsNsec, pkt.linkType, dir);
  }

  end(flow: TappedFlow): void {
    const p = flow.tap as number[] | null;
    if (p === null) return;
    flow.tap = null;
    const line = `${JSON.stringify({ c: connectionId(flow.record), p })}\n`;
    this.lines.push(line);
    this.pendingBytes += line.length;
    this.connections++;
    if (this.pendingBytes > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    appendFileSync(this.indexFile, this.lines.join(''));
    this.lines = [];
    this.pendingBytes = 0;
  }
}

export interface ImportedConnection {
  id: string;
  source: SourceRef;
  /** Flat FIELDS-tuples, see the file format above. */
  p: number[];
}

export async function lookupImported(
  dir: string,
  ids: ReadonlySet<string>,
): Promise<Map<string, ImportedConnection>> {
  const out = new Map<string, ImportedConnection>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()) {
    let text: string;
    try {
      text = await readFile(join(dir, f), 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    let source: SourceRef | undefined;
    try {
      source = (JSON.parse(lines[0] ?? '') as { source?: SourceRef }).source;
    } catch {
      continue;
    }
    if (source === undefined) continue;
    for (const raw of lines.slice(1)) {
      const q = raw.indexOf('"c":"');
      if (q < 0) continue;
      const id = raw.slice(q + 5, raw.indexOf('"', q + 5));
      if (!ids.has(id) || out.has(id)) continue;
      try {
        const l = JSON.parse(raw) as { c: string; p: number[] };
        if (Array.isArray(l.p) && l.p.length % FIELDS === 0) out.set(id, { id, source, p: l.p });
      } catch {
        /* a torn last line: the import was interrupted there */
      }
    }
  }
  return out;
}

/** Why the source file can no longer be read as imported, or undefined when it can. */
export async function sourceProblem(s: SourceRef): Promise<string | undefined> {
  try {
    const st = await stat(s.path);
    if (st.size !== s.size || Math.abs(st.mtimeMs - s.mtimeMs) > 1)
      return `source file ${s.path} changed since it was imported (size ${s.size} -> ${st.size}, modified ${new Date(st.mtimeMs).toISOString()})`;
    return undefined;
  } catch {
    return `source file ${s.path} has moved or was deleted since it was imported`;
  }
}

export async function readImported(
  c: ImportedConnection,
): Promise<{ packets: StoredPacket[]; problem?: string }> {
  const problem = await sourceProblem(c.source);
  if (problem !== undefined) return { packets: [], problem };
  const fh = await open(c.source.path, 'r');
  const packets: StoredPacket[] = [];
  try {
    for (let i = 0; i + FIELDS <= c.p.length; i += FIELDS) {
      const [off, cap, orig, tsSec, tsNsec, linkType, dir] = c.p.slice(i, i + FIELDS) as number[];
      const data = Buffer.alloc(cap!);
      const r = await fh.read(data, 0, cap!, off!);
      if (r.bytesRead !== cap)
        return { packets, problem: `source file ${c.source.path} is shorter than imported` };
      packets.push({
        tsSec: tsSec!,
        tsNsec: tsNsec!,
        linkType: linkType!,
        origLen: orig!,
        dir: dir as 0 | 1,
        data,
      });
    }
  } finally {
    await fh.close();
  }
  return { packets };
}
