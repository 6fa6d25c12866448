// Where correlated events (and raw request/handshake events) go. The correlator sits below main/
// in the layering, so storage adapts its ClickHouse Writer to this interface (a CallbackSink or a
// class of its own) instead of the correlator importing main/.
//
// Contract: write() is synchronous and must not throw for one bad event (count it instead);
// it may buffer. flush() resolves when everything written so far is durable to the sink's own
// standard (file: handed to the OS; ClickHouse: inserted or spooled). close() flushes and frees.
export interface Sink<T> {
  readonly name: string;
  write(event: T): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface SinkStats {
  written: number;
  errors: number;
  /** Events refused because the sink's buffer was full. */
  dropped: number;
}
