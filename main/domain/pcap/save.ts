// `pcap.save`: the desktop's way to the pcapng (IPC carries no streams). Main asks the user for
// a path in a save dialog (the thin Electron layer provides `pickSavePath`) and writes the file
// itself. Over HTTP there is no dialog: the streaming route serves the bytes instead.
import { open } from 'node:fs/promises';
import { type PcapSelection, pcapFilePath } from '../../../common/api/pcap.js';
import { apiPrefix } from '../../../common/api/contract.js';
import type { HandlerContext } from '../../api/context.js';
import { HttpError } from '../../api/http/body.js';
import { planPcap, summary, writePcap } from './operations.js';
import { pcapFileName } from './file-name.js';

export async function savePcap(ctx: HandlerContext, sel: PcapSelection) {
  if (ctx.pickSavePath === undefined)
    throw new HttpError(
      409,
      'pcap.save_desktop_only',
      `pcap.save opens a save dialog and works in the desktop app only; over HTTP POST the same input to ${apiPrefix}/${pcapFilePath}, which streams the pcapng`,
    );
  const src = { ch: ctx.ch, dataDir: ctx.config.dataDir };
  const planned = await planPcap(src, sel);
  const path = await ctx.pickSavePath(pcapFileName(sel));
  if (path === undefined) return { ...summary(planned), saved: false, path: '', bytes: 0 };
  const fh = await open(path, 'w', 0o600);
  try {
    const r = await writePcap(src, sel, async (b) => void (await fh.write(b)), planned);
    return { ...r, saved: true, path };
  } finally {
    await fh.close();
  }
}
