// `pcap.save`: the desktop's way to the pcapng (IPC carries no streams). Main asks the user for
// a path in a save dialog (the thin Electron layer provides `pickSavePath`) and writes the file
// itself. Over HTTP there is no dialog: the streaming route serves the bytes instead.
import { open } from 'node:fs/promises';
import { type PcapSelection, pcapFilePath } from '../../../common/api/pcap.js';
import { apiPrefix } from '../../../common/api/contract.js';
import type { ClickHouseClient } from '@clickhouse/client';
import { ApiError } from '../../../common/api/api-error.js';
import { planPcap, summary, writePcap } from './operations.js';
import { pcapFileName } from './file-name.js';

/** What saving needs of the handler's context; pickSavePath exists on the desktop only. */
export interface PcapSaveContext {
  ch: ClickHouseClient;
  config: { dataDir: string };
  pickSavePath?: (suggestedName: string) => Promise<string | undefined>;
}

export async function savePcap(ctx: PcapSaveContext, sel: PcapSelection) {
  if (ctx.pickSavePath === undefined)
    throw new ApiError(
      'conflict',
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
