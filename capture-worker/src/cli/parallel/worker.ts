// One worker thread of `ja4ws fingerprint --threads N`: for each file ('begin') an engine fed with
// the packets of its flows, sweeping only when the reader says so (at the same packets for every
// thread), reporting each record and each stream number it takes with the key of the moment it
// happened. The thread lives for the whole run; the reader terminates it.
import type { MessagePort } from 'node:worker_threads';
import { createEngine, type Engine } from '../../engine/engine.js';
import type { RawPacket } from '../../pcap/packet.js';
import {
  META,
  FINISH_KEY,
  type FromWorker,
  type KeyedRecord,
  type StreamTaken,
  type ToWorker,
} from './messages.js';

export function runWorker(port: MessagePort): void {
  let key = 0;
  let seq = 0;
  let streams: StreamTaken[] = [];
  let records: KeyedRecord[] = [];
  let engine: Engine | undefined;
  const send = (m: FromWorker) => port.postMessage(m);
  const pkt: RawPacket = { tsSec: 0, tsNsec: 0, linkType: 0, origLen: 0, data: new Uint8Array(0) };

  function flush(done: number): void {
    send({ kind: 'events', streams, records, done });
    streams = [];
    records = [];
  }

  function handle(m: ToWorker, e: Engine): void {
    if (m.kind === 'batch') {
      const { meta, data } = m;
      for (let i = 0, off = 0; i < meta.length; i += META) {
        key = 2 * (meta[i] as number);
        seq = 0;
        pkt.tsSec = meta[i + 1] as number;
        pkt.tsNsec = meta[i + 2] as number;
        pkt.linkType = meta[i + 3] as number;
        pkt.origLen = meta[i + 4] as number;
        const len = meta[i + 5] as number;
        pkt.data = data.subarray(off, off + len);
        off += len;
        e.push(pkt);
      }
      flush(2 * m.upTo);
    } else if (m.kind === 'sweep') {
      key = 2 * m.after + 1;
      seq = 0;
      e.sweepAt(m.nowUs);
      flush(key);
    } else if (m.kind === 'keylog') {
      e.addTlsKeyLog(m.text);
    } else if (m.kind === 'finish') {
      key = FINISH_KEY;
      seq = 0;
      e.finish();
      send({ kind: 'finished', streams, records, stats: e.stats() });
      streams = [];
      records = [];
      engine = undefined;
    }
  }

  port.on('message', (m: ToWorker) => {
    try {
      if (m.kind === 'begin') {
        key = 0;
        seq = 0;
        engine = createEngine({
          ja4plus: m.ja4plus,
          pcap: m.pcap,
          sweepEvery: 0,
          onRecord: (record) => records.push({ key, record }),
          onStreamNumber: (transport, stream) =>
            streams.push({ transport, stream, key, seq: seq++ }),
        });
      } else if (engine === undefined) {
        throw new Error(`'${m.kind}' before 'begin'`);
      } else handle(m, engine);
    } catch (e) {
      engine = undefined;
      send({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
}
