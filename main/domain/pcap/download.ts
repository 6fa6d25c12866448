// `pcap.file`: the pcapng of a selection, written to the binding's destination (the HTTP
// response, or the file the desktop's user chose in a save dialog). The plan's counts are the
// operation's summary: over HTTP they go first, as headers, so a browser can say what the file
// lacks.
import type { PcapPlan, PcapSelection } from '../../../common/api/pcap.js';
import type { DownloadTarget } from '../../core/file-transfer.js';
import { pcapFileName } from './file-name.js';
import { planPcap, type PcapSources, summary, writePcap } from './operations.js';

export async function downloadPcap(src: PcapSources, sel: PcapSelection, target: DownloadTarget) {
  const planned = await planPcap(src, sel);
  const counts = (p: PcapPlan) => ({
    connections: p.connections.length,
    packets: p.packets,
    truncated: p.truncated,
    unavailable: p.unavailable,
  });
  const before = counts(summary(planned));
  const out = await target.open({
    name: pcapFileName(sel),
    contentType: 'application/x-pcapng',
    summary: before,
  });
  if (out === undefined) return { ...before, saved: false, path: '', bytes: 0 };
  try {
    // What reading found (packets deleted meanwhile are counted as missing), not only the plan.
    const r = await writePcap(src, sel, (b) => out.write(b), planned);
    await out.end();
    return { ...counts(r), saved: true, path: out.path, bytes: r.bytes };
  } catch (err) {
    await out.abort();
    throw err;
  }
}
