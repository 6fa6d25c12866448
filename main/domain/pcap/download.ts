// `pcap.file`: the pcapng of a selection, written to the binding's destination (the HTTP
// response, or the file the desktop's user chose in a save dialog). The plan's counts go first,
// as response headers, so that a browser can say what the file lacks.
import { pcapHeaders, type PcapSelection } from '../../../common/api/pcap.js';
import type { DownloadTarget } from '../../core/file-transfer.js';
import { pcapFileName } from './file-name.js';
import { planPcap, type PcapSources, summary, writePcap } from './operations.js';

export async function downloadPcap(src: PcapSources, sel: PcapSelection, target: DownloadTarget) {
  const planned = await planPcap(src, sel);
  const counts = summary(planned);
  const out = await target.open({
    name: pcapFileName(sel),
    contentType: 'application/x-pcapng',
    headers: {
      [pcapHeaders.connections]: String(planned.length),
      [pcapHeaders.truncated]: String(counts.truncated),
      [pcapHeaders.unavailable]: String(counts.unavailable),
    },
  });
  if (out === undefined) return { ...counts, saved: false, path: '', bytes: 0 };
  try {
    const r = await writePcap(src, sel, (b) => out.write(b), planned);
    await out.end();
    return { ...r, saved: true, path: out.path };
  } catch (err) {
    await out.abort();
    throw err;
  }
}
