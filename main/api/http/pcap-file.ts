// `POST /api/v1/pcap.file` with a PcapSelection as the JSON body -> the pcapng, streamed. The
// plan's counts go in headers first (the UI shows truncation from them); the HTTP server calls
// this after authenticating, like every other API route.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pcapHeaders, PcapSelection } from '../../../common/api/pcap.js';
import { inputError } from '../../core/input-error.js';
import { pcapFileName } from '../../domain/pcap/file-name.js';
import { planPcap, writePcap } from '../../domain/pcap/operations.js';
import type { HandlerContext } from '../context.js';
import { HttpError, readJsonBody } from './body.js';

export async function handlePcapFile(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HandlerContext,
  maxBodyBytes: number,
  headers: Readonly<Record<string, string>>,
): Promise<void> {
  if (req.method !== 'POST')
    throw new HttpError(405, 'method.not_allowed', `${req.method} ${url.pathname}: use POST`);
  const body = await readJsonBody(req, maxBodyBytes);
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
}
