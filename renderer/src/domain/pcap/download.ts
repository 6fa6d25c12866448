// "Download pcap" (issue 24): in a browser the daemon streams the pcapng (POST /api/v1/pcap.file)
// and the browser saves it; in the desktop `pcap.save` makes main show a save dialog and write
// the file. Either way the result says how many connections are truncated or without packets.
import { apiPrefix } from '../../../../common/api/contract.js';
import { pcapFilePath, pcapHeaders, type PcapSelectionInput } from '../../../../common/api/pcap.js';
import { api } from '../../core/api/client.js';

export interface PcapResult {
  name: string;
  connections: number;
  truncated: number;
  unavailable: number;
  saved: boolean;
}

export async function downloadPcap(sel: PcapSelectionInput): Promise<PcapResult> {
  if (window.ja4wsBridge) {
    const r = await api().call('pcap.save', sel);
    return {
      name: r.path,
      connections: r.connections.length,
      truncated: r.truncated,
      unavailable: r.unavailable,
      saved: r.saved,
    };
  }
  const res = await fetch(`${apiPrefix}/${pcapFilePath}`, {
    method: 'POST',
    // The session cookie authenticates it (core/auth/session.ts), as every same-origin call.
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sel),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => undefined)) as
      { error?: { message?: string } } | undefined;
    throw new Error(body?.error?.message ?? `download failed: HTTP ${res.status}`);
  }
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'ja4ws.pcapng';
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  const n = (h: string) => Number(res.headers.get(h) ?? 0);
  return {
    name,
    connections: n(pcapHeaders.connections),
    truncated: n(pcapHeaders.truncated),
    unavailable: n(pcapHeaders.unavailable),
    saved: true,
  };
}

/** What the analyst reads after a download: the file, and what it lacks. */
export function describePcap(r: PcapResult): string {
  if (!r.saved) return 'Download cancelled.';
  const lacks = [
    r.truncated > 0 ? `${r.truncated} truncated (see the comments in the file)` : '',
    r.unavailable > 0 ? `${r.unavailable} without packets` : '',
  ].filter(Boolean);
  return `Saved ${r.name}: ${r.connections} connection${r.connections === 1 ? '' : 's'}${lacks.length ? `, ${lacks.join(', ')}` : ', complete'}.`;
}
