// Adapts the storage Writer (async, batching, retrying) to the correlator's Sink (synchronous
// write that never throws). Rows the writer refuses are counted, never thrown at the producer.
import type { Sink } from '../../correlation-worker/src/sinks/sink.js';
import type { Writer } from '../storage/writer/writer.js';

export function writerSink<T>(
  name: string,
  writer: Writer<T, object>,
  onError: (err: unknown) => void,
): Sink<T> {
  return {
    name,
    write(event: T) {
      writer.write([event]).catch(onError);
    },
    flush: () => writer.flush(),
    close: () => writer.close(),
  };
}
