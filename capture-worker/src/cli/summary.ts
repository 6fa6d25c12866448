// The closing line of `fingerprint` and `import`: what was read, what came out, what was skipped
// and why, in words a person can act on. Reasons come from the engine's own counters.
import type { EngineStats } from '../engine/stats.js';
import { formatBytes, formatCount, formatElapsed } from '../util/progress/format.js';

/** Engine counters of several files added up. */
export function addStats(a: EngineStats | undefined, b: EngineStats): EngineStats {
  if (!a) return structuredClone(b);
  const sum = (x: Record<string, number | undefined>, y: Record<string, number | undefined>) => {
    const out: Record<string, number> = {};
    for (const [k, v] of [...Object.entries(x), ...Object.entries(y)])
      out[k] = (out[k] ?? 0) + (v ?? 0);
    return out;
  };
  return {
    ...a,
    packets: a.packets + b.packets,
    bytes: a.bytes + b.bytes,
    decodeErrors: sum(a.decodeErrors, b.decodeErrors),
    parseErrors: sum(a.parseErrors, b.parseErrors),
    flowsTotal: a.flowsTotal + b.flowsTotal,
    flowsEvicted: a.flowsEvicted + b.flowsEvicted,
    flowsIdle: a.flowsIdle + b.flowsIdle,
    records: a.records + b.records,
    bytesDropped: a.bytesDropped + b.bytesDropped,
    quicDecryptFailures: a.quicDecryptFailures + b.quicDecryptFailures,
    seen: sum(a.seen, b.seen),
    unsupported: sum(a.unsupported, b.unsupported),
  };
}

const REASON: Record<string, string> = {
  unsupported_link: 'unsupported link type',
  truncated_link: 'truncated link header',
  not_ip: 'not IP',
  truncated_ip: 'truncated IP header',
  bad_ip_header: 'bad IP header',
  ip_fragment: 'IP fragment not reassembled',
  unsupported_ip_proto: 'neither TCP nor UDP',
  truncated_tcp: 'truncated TCP header',
  bad_tcp_header: 'bad TCP header',
  truncated_udp: 'truncated UDP header',
  bad_tunnel: 'bad tunnel header',
  tunnel_too_deep: 'tunnels nested too deep',
};

/** "3,020 packets skipped (3,000 not IP, 20 truncated TCP header)", or '' when none were. */
export function skippedText(stats: EngineStats): string {
  const parts: string[] = [];
  const decode = Object.entries(stats.decodeErrors)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((x, y) => (y[1] ?? 0) - (x[1] ?? 0));
  const skipped = decode.reduce((s, [, n]) => s + (n ?? 0), 0);
  if (skipped > 0)
    parts.push(
      `${formatCount(skipped)} packets skipped (${decode
        .map(([k, n]) => `${formatCount(n ?? 0)} ${REASON[k] ?? k}`)
        .join(', ')})`,
    );
  const layers = Object.entries(stats.unsupported ?? {}).sort((x, y) => y[1] - x[1]);
  if (layers.length > 0)
    parts.push(
      `not followed: ${layers
        .slice(0, 5)
        .map(([k, n]) => `${formatCount(n)} ${k}`)
        .join(', ')}${layers.length > 5 ? ` and ${layers.length - 5} more` : ''}`,
    );
  const parse = Object.entries(stats.parseErrors).filter(([, n]) => n > 0);
  const unparsed = parse.reduce((s, [, n]) => s + n, 0);
  if (unparsed > 0)
    parts.push(
      `${formatCount(unparsed)} messages not parsed (${parse
        .sort((x, y) => y[1] - x[1])
        .map(([k, n]) => `${formatCount(n)} ${k}`)
        .join(', ')})`,
    );
  if (stats.flowsEvicted > 0)
    parts.push(`${formatCount(stats.flowsEvicted)} flows evicted (flow table full)`);
  if (stats.bytesDropped > 0)
    parts.push(`${formatBytes(stats.bytesDropped)} of TCP payload over the buffer caps`);
  return parts.join('; ');
}

export interface CaptureSummary {
  files: number;
  failed: number;
  fileBytes: number;
  stats: EngineStats | undefined;
  /** "stored", "printed". */
  verb: string;
  elapsedMs: number;
  /** Threads the files were split across (`fingerprint --threads`); named when more than one. */
  threads?: number;
}

/** "read 2 files (117 MB, 115,800 packets); 1,204 connections stored; ...; in 5.2 s". */
export function captureSummary(s: CaptureSummary): string {
  const packets = s.stats?.packets ?? 0;
  const records = s.stats?.records ?? 0;
  const parts = [
    `read ${s.files} file${s.files === 1 ? '' : 's'} (${formatBytes(s.fileBytes)}, ${formatCount(packets)} packets)`,
    `${formatCount(records)} connections ${s.verb}`,
  ];
  const skipped = s.stats ? skippedText(s.stats) : '';
  if (skipped) parts.push(skipped);
  if (s.failed > 0) parts.push(`${s.failed} file${s.failed === 1 ? '' : 's'} failed (see above)`);
  const on = (s.threads ?? 1) > 1 ? ` on ${s.threads} threads` : '';
  return `${parts.join('; ')}; in ${formatElapsed(s.elapsedMs)}${on}`;
}
