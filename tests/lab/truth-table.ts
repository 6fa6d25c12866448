// The truth table of a lab run, printed by the test: per client what happened (connections,
// requests, JA4 from the lab's own capture) next to what each part of the product says.
import type { ProductView } from './product-view.js';
import type { LabRun } from './run-lab.js';

export function truthTable(run: LabRun, view: ProductView): string {
  const head = [
    'client',
    'ip',
    'conns',
    'reqs',
    'truth JA4 (ja4ws fingerprint of lab pcap)',
    'JA3s',
    'tls rows',
    'stored JA4s',
    'logs matched',
    'IP prof hs/req',
    'search hs/req',
    'FP prof hs/req',
  ];
  const lines: string[][] = [];
  for (const c of run.clients) {
    if (c.skipped) {
      lines.push([c.kind.name, c.ip, `skipped: ${c.skipped}`]);
      continue;
    }
    if (c.error)
      lines.push([c.kind.name, c.ip, `FAILED: ${c.error.split('\n')[0]!.slice(0, 200)}`]);
    const cs = run.truth.connections.filter((t) => t.ip === c.ip);
    const reqs = cs.reduce((a, t) => a + t.requests.length, 0);
    const ja4s = [...new Set(cs.map((t) => t.ja4))];
    const tls = view.tls.filter((r) => r.ip === c.ip);
    const p = view.ipProfiles.get(c.ip);
    const fp = ja4s.length === 1 ? view.fpProfiles.get(ja4s[0]!) : undefined;
    lines.push([
      c.kind.name,
      c.ip,
      String(cs.length),
      String(reqs),
      ja4s.length === 1 ? ja4s[0]! : `${ja4s.length} distinct: ${ja4s.join(' ')}`,
      String(new Set(cs.map((t) => t.tsharkJa3)).size),
      String(tls.length),
      String(new Set(tls.map((r) => r.ja4)).size),
      String(view.logs.filter((l) => l.ip === c.ip && l.correlation === 'matched').length),
      p ? `${p.totals.handshakes}/${p.totals.requests}` : '-',
      `${view.searchHandshakes.get(c.ip) ?? '-'}/${view.searchRequests.get(c.ip) ?? '-'}`,
      fp ? `${fp.totals.handshakes}/${fp.totals.requests}` : '-',
    ]);
  }
  const all = run.truth.connections;
  const t = view.overview.totals;
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (l: string[]): string => l.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ');
  return [
    `=== ground-truth lab, ${run.source} source: truth table`,
    fmt(head),
    ...lines.map(fmt),
    `truth: ${all.length} connections, ${all.reduce((a, c) => a + c.requests.length, 0)} requests, ` +
      `${new Set(all.map((c) => c.ja4)).size} JA4s; Overview says ${t.handshakes} handshakes, ${t.requests} requests, ` +
      `${t.ips} IPs, ${t.ja4s} JA4s; store: ${view.tls.length} tls_handshakes, ${view.tcp.length} tcp_events, ` +
      `${view.httpRequests.length} http_requests, ${view.logs.length} http_logs rows`,
  ].join('\n');
}
