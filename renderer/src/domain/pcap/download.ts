// "Download pcap" (issue 24): `pcap.file`. In a browser the daemon streams the pcapng and the
// browser saves it; in the desktop main shows a save dialog and writes the file. Either way the
// output says how many connections are truncated or without packets.
import type { OperationOutput } from '../../../../common/api/contract.js';
import type { PcapSelectionInput } from '../../../../common/api/pcap.js';
import { downloadFile } from '../../core/api/files.js';

export type PcapResult = OperationOutput<'pcap.file'>;

export const downloadPcap = (sel: PcapSelectionInput): Promise<PcapResult> =>
  downloadFile('pcap.file', sel);

/** What the analyst reads after a download: the file, and what it lacks. */
export function describePcap(r: PcapResult): string {
  if (!r.saved) return 'Download cancelled.';
  const lacks = [
    r.truncated > 0 ? `${r.truncated} truncated (see the comments in the file)` : '',
    r.unavailable > 0 ? `${r.unavailable} without packets` : '',
  ].filter(Boolean);
  return `Saved ${r.path}: ${r.connections} connection${r.connections === 1 ? '' : 's'}${lacks.length ? `, ${lacks.join(', ')}` : ', complete'}.`;
}
