// Child process for the kill -9 test: a writer whose database never answers, writing rows
// 0, 1, 2, ... in batches and printing "durable <n>" each time rows [0, n) are in the fsync'd
// spool. It runs until killed.
import { openStore } from '../store.js';
import { TLS_HANDSHAKES, type TlsHandshakeRow } from '../rows/tls-handshake.js';
import { createWriter } from '../writer/writer.js';
import { syntheticRows } from './synthetic.js';

const [url, spoolDir, baseUs] = process.argv.slice(2);
const store = await openStore({
  kind: 'remote',
  url: url!,
  openWhenUnreachable: true,
  requestTimeoutMs: 500,
});
const writer = createWriter<TlsHandshakeRow>(store, {
  table: TLS_HANDSHAKES,
  maxBatchRows: 250,
  retryBaseMs: 5,
  retriesBeforeSpool: 1,
  spool: { dir: spoolDir!, segmentBytes: 256 * 1024 },
});
for (let n = 0; ; n += 500) {
  await writer.write(syntheticRows(n, 500, Number(baseUs)));
  await writer.flush();
  process.stdout.write(`durable ${n + 500}\n`);
}
