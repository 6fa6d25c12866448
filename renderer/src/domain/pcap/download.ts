// "Download pcap" (issue 24): `pcap.file`. In a browser the daemon streams the pcapng and the
// browser saves it; in the desktop main shows a save dialog and writes the file. Either way the
// result says how many connections are truncated or without packets.
import { pcapHeaders, type PcapSelectionInput } from '../../../../common/api/pcap.js';
import { downloadFile } from '../../core/api/files.js';

export interface PcapResult {
  name: string;
  connections: number;
  truncated: number;
  unavailable: number;
  saved: boolean;
}

export async function downloadPcap(sel: PcapSelectionInput): Promise<PcapResult> {
  const r = await downloadFile('pcap.file', sel);
  if (r.via === 'desktop')
    return {
      name: r.output.path,
      connections: r.output.connections.length,
      truncated: r.output.truncated,
      unavailable: r.output.unavailable,
      saved: r.output.saved,
    };
  const n = (h: string) => Number(r.headers.get(h) ?? 0);
  return {
    name: r.name,
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
