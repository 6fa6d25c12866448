// blocklist.file: the file of blocklist.export, written to the binding's destination (the HTTP
// response, or the file the desktop's user chose in a save dialog). What it holds is the
// operation's summary: over HTTP it goes first, as headers, so a browser can say it and show the
// warnings.
import type { ClickHouseClient } from '@clickhouse/client';
import type { DownloadTarget } from '../../core/file-transfer.js';
import { type BlocklistInput, exportBlocklist } from './operations.js';

export async function downloadBlocklist(
  ch: ClickHouseClient,
  input: BlocklistInput,
  target: DownloadTarget,
) {
  const { content, media_type, ...held } = await exportBlocklist(ch, input);
  const out = await target.open({
    name: held.filename,
    contentType: media_type,
    summary: held,
  });
  if (out === undefined) return { ...held, saved: false, path: '', bytes: 0 };
  try {
    await out.write(content);
    await out.end();
  } catch (err) {
    await out.abort();
    throw err;
  }
  return { ...held, saved: true, path: out.path, bytes: out.bytes };
}
