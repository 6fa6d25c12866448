// `POST /api/v1/pcap.file` with a PcapSelection as the JSON body -> the pcapng, streamed. The
// plan's counts go in headers first (the UI shows truncation from them); the HTTP server calls
// this after authenticating, like every other API route.
import { pcapHeaders, PcapSelection } from '../../../common/api/pcap.js';
import { inputError } from '../../core/input-error.js';
import { pcapFileName } from '../../domain/pcap/file-name.js';
import { planPcap, writePcap } from '../../domain/pcap/operations.js';
import type { StreamRoute } from './stream-route.js';

export const handlePcapFile: StreamRoute = async ({ res, ctx, body, headers }) => {
  const parsed = PcapSelection.safeParse(body ?? {});
  if (!parsed.success)
    throw inputError('pcap.file', parsed.error.issues, body ?? {}, '', PcapSelection);
  const sel = parsed.data;
  const src = { ch: ctx.ch, dataDir: ctx.config.dataDir };
  const planned = await planPcap(src, sel);
  const truncated = planned.filter((p) => p.info.truncated).length;
  const unavailable = planned.filter((p) => p.info.packets === 0).length;
  res.writeHead(200, {
    ...headers,
    'content-type': 'application/x-pcapng',
    'content-disposition': `attachment; filename="${pcapFileName(sel)}"`,
    [pcapHeaders.connections]: String(planned.length),
    [pcapHeaders.truncated]: String(truncated),
    [pcapHeaders.unavailable]: String(unavailable),
  });
  await writePcap(
    src,
    sel,
    (b) => {
      if (res.write(b)) return;
      return new Promise<void>((r) => res.once('drain', () => r()));
    },
    planned,
  );
  res.end();
};
