// Retrieval (issue 24): a selection -> the connections (from the store, with their fingerprints)
// -> their packets (live packet stores, or the imported source files) -> one pcapng, connections
// one after another, each one's packets in order, its first packet carrying a comment that names
// the connection, its fingerprints and what the file lacks of it.
import type { ClickHouseClient } from '@clickhouse/client';
import {
  lookupImported,
  readImported,
  sourceProblem,
  type ImportedConnection,
} from '../../../capture-worker/src/packet-store/file-refs.js';
import {
  liveStoreDirs,
  lookupStored,
  readStored,
  type StoredConnection,
  type StoredPacket,
} from '../../../capture-worker/src/packet-store/reader.js';
import { PcapngWriter } from '../../../capture-worker/src/pcap/pcapng-writer.js';
import type { PcapConnection, PcapPlan, PcapSelection } from '../../../common/api/pcap.js';
import type { SearchRow } from '../../../common/api/search.js';
import { connectionId, isoToUs, parseConnectionId } from '../../../common/events/connection-id.js';
import { search } from '../search/operations.js';
import { packetImportsDir, packetsRoot } from './paths.js';

export { isoToUs };

function usToIso(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

export interface Planned {
  info: PcapConnection;
  row: SearchRow | undefined;
  stored: StoredConnection | undefined;
  imported: ImportedConnection | undefined;
  comment: string;
}

async function connectionsOf(
  ch: ClickHouseClient,
  sel: PcapSelection,
): Promise<{ id: string; row: SearchRow | undefined }[]> {
  if (sel.conn !== undefined) {
    const out: { id: string; row: SearchRow | undefined }[] = [];
    for (const id of sel.conn) {
      const k = parseConnectionId(id)!;
      const window = { from: usToIso(k.ts_us - 1000), to: usToIso(k.ts_us + 2000) };
      const { rows } = await search(ch, {
        window,
        source: 'handshakes',
        filters: { ip: k.src },
        limit: 1000,
      });
      const row = rows.find((r) => connectionId({ ...r, ts_us: isoToUs(r.ts) }) === id);
      out.push({ id, row });
    }
    return out;
  }
  const { rows } = await search(ch, {
    window: sel.window!,
    source: 'handshakes',
    filters: {
      ...(sel.ip !== undefined ? { ip: sel.ip } : {}),
      ...(sel.ja4 !== undefined ? { ja4: sel.ja4 } : {}),
    },
    limit: sel.limit,
  });
  // Oldest first: the file reads in time order.
  return rows
    .reverse()
    .map((row) => ({ id: connectionId({ ...row, ts_us: isoToUs(row.ts) }), row }));
}

function describe(id: string, row: SearchRow | undefined): string {
  const parts = [`ja4ws connection ${id}`];
  if (row !== undefined) {
    parts.push(`sensor ${row.sensor}`);
    for (const [k, v] of [
      ['sni', row.sni],
      ['ja4', row.ja4],
      ['ja4s', row.ja4s],
      ['ja3', row.ja3],
    ] as const)
      if (v !== '') parts.push(`${k} ${v}`);
  }
  return parts.join('; ');
}

function truncationNote(s: StoredConnection): string {
  const notes: string[] = [];
  const [p0, b0, p1, b1] = s.skipped;
  if (p0 + p1 > 0)
    notes.push(
      `TRUNCATED by the per-direction cap: not kept ${p0} packets (${b0} bytes) src->dst, ${p1} packets (${b1} bytes) dst->src`,
    );
  if (s.lost > 0) notes.push(`${s.lost} packets lost to the store (write queue or disk full)`);
  if (!s.ended) notes.push('connection still open or its end not yet indexed');
  return notes.join('; ');
}

export interface PcapSources {
  ch: ClickHouseClient;
  dataDir: string;
}

async function plan(src: PcapSources, sel: PcapSelection): Promise<Planned[]> {
  const conns = await connectionsOf(src.ch, sel);
  const ids = new Set(conns.map((c) => c.id));
  const stored = await lookupStored(liveStoreDirs(packetsRoot(src.dataDir)), ids);
  const imported = await lookupImported(packetImportsDir(src.dataDir), ids);
  const out: Planned[] = [];
  for (const { id, row } of conns) {
    const s = stored.get(id);
    const im = s !== undefined && s.refs.length > 0 ? undefined : imported.get(id);
    let packets = 0;
    let note = '';
    if (im !== undefined) {
      packets = im.p.length / 7;
      const problem = await sourceProblem(im.source);
      if (problem !== undefined) {
        note = `packets unavailable: ${problem}`;
        packets = 0;
      }
    } else if (s !== undefined) {
      packets = s.refs.reduce((a, r) => a + r.offsets.length, 0);
      note = truncationNote(s);
      if (packets === 0)
        note = `no packets kept${note ? `; ${note}` : ''} (deleted by the size cap or retention?)`;
    } else {
      note =
        'no packets kept for this connection (captured elsewhere, before the packet store, or deleted)';
    }
    const comment = `${describe(id, row)}${note ? `; ${note}` : ''}`;
    out.push({
      info: {
        id,
        sensor: row?.sensor ?? '',
        ja4: row?.ja4 ?? '',
        packets,
        truncated: note !== '' && !/still open/.test(note) ? true : packets === 0,
        note,
      },
      row,
      stored: s,
      imported: im,
      comment,
    });
  }
  return out;
}

export function summary(p: Planned[]): PcapPlan {
  return {
    connections: p.map((x) => x.info),
    packets: p.reduce((a, x) => a + x.info.packets, 0),
    truncated: p.filter((x) => x.info.truncated).length,
    unavailable: p.filter((x) => x.info.packets === 0).length,
  };
}

export async function pcapPlan(src: PcapSources, sel: PcapSelection): Promise<PcapPlan> {
  return summary(await plan(src, sel));
}

/**
 * Writes the pcapng through `out` (one Buffer per block). Resolves with the plan, updated with
 * what reading found (bytes deleted meanwhile are counted as missing, never thrown).
 */
export async function writePcap(
  src: PcapSources,
  sel: PcapSelection,
  out: (b: Buffer) => void | Promise<void>,
  planned?: Planned[],
): Promise<PcapPlan & { bytes: number }> {
  const p = planned ?? (await plan(src, sel));
  const plan0 = summary(p);
  const head = [
    `ja4ws pcap: ${p.length} connections, ${plan0.packets} packets; ${plan0.truncated} truncated, ${plan0.unavailable} without packets`,
    ...p.filter((x) => x.info.packets === 0).map((x) => x.comment),
  ];
  let pending: Buffer[] = [];
  const w = new PcapngWriter((b) => pending.push(b), head);
  const drain = async () => {
    const bufs = pending;
    pending = [];
    if (bufs.length > 0) await out(Buffer.concat(bufs));
  };
  await drain();
  for (const x of p) {
    if (x.info.packets === 0) continue;
    let packets: StoredPacket[] = [];
    let extra = '';
    if (x.imported !== undefined) {
      const r = await readImported(x.imported);
      packets = r.packets;
      if (r.problem !== undefined) extra = r.problem;
    } else if (x.stored !== undefined) {
      const r = await readStored(x.stored);
      packets = r.packets;
      if (r.missing > 0)
        extra = `${r.missing} packets no longer in the store (size cap or retention)`;
    }
    if (extra !== '') {
      x.info.truncated = true;
      x.info.note = x.info.note ? `${x.info.note}; ${extra}` : extra;
    }
    x.info.packets = packets.length;
    packets.forEach((pkt, i) =>
      w.packet(pkt, i === 0 ? `${x.comment}${extra ? `; ${extra}` : ''}` : undefined),
    );
    await drain();
  }
  return { ...summary(p), bytes: w.bytes };
}

export { plan as planPcap };
