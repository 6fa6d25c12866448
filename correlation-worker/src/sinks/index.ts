export type { Sink, SinkStats } from './sink.js';
export { StreamSink } from './stream-sink.js';
export { jsonlFileSink } from './jsonl-file.js';
export { stdoutSink } from './stdout.js';
export { CallbackSink, type CallbackSinkHooks } from './callback.js';
export { FanoutSink } from './fanout.js';
