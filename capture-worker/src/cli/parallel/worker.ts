// One worker thread of `ja4ws fingerprint --threads N`: for each file ('begin') a Share (share.ts)
// fed by its own parser with the bytes the reader read, reporting after each chunk. A parse error
// stops it at the packet where the reader's parser, given the same bytes, stopped too. The thread
// lives for the whole run; the reader terminates it.
import type { MessagePort } from 'node:worker_threads';
import { CaptureFileError } from '../../pcap/errors.js';
import { CaptureStreamParser } from '../../pcap/stream-parser.js';
import type { FromWorker, ToWorker } from './messages.js';
import { Share } from './share.js';

export function runWorker(port: MessagePort): void {
  let share: Share | undefined;
  let parser: CaptureStreamParser | undefined;
  const send = (m: FromWorker) => port.postMessage(m);

  function handle(m: ToWorker): void {
    if (m.kind === 'begin') {
      const s = new Share(m);
      share = s;
      parser = new CaptureStreamParser({
        onPacket: (p) => s.packet(p),
        onTlsKeyLog: (t) => s.engine.addTlsKeyLog(t),
      });
      return;
    }
    if (share === undefined) throw new Error(`'${m.kind}' before 'begin'`);
    if (m.kind === 'chunk') {
      try {
        parser?.push(m.bytes);
      } catch (e) {
        // The reader's parser fails on the same bytes after the same packets: it reports that.
        if (!(e instanceof CaptureFileError)) throw e;
        parser = undefined;
      }
      send({ kind: 'events', ...share.take() });
    } else {
      const last = share.finish();
      send({ kind: 'finished', ...last, stats: share.engine.stats(), packets: share.packets });
      share = undefined;
      parser = undefined;
    }
  }

  port.on('message', (m: ToWorker) => {
    try {
      handle(m);
    } catch (e) {
      share = undefined;
      parser = undefined;
      send({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
}
