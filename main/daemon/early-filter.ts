// Live workers send a connection twice: an early record right after the handshake and the final
// one at connection end. The correlator must see each connection once (a second record on the
// same tuple would look like port reuse), so a final record passes only when no early one did.
// Memory is bounded: the oldest keys are forgotten first.
import type { ConnectionRecord } from '../../common/events/connection.js';

export class EarlyRecordFilter {
  private readonly seen = new Set<string>();

  constructor(private readonly maxKeys = 500_000) {}

  /** True when the correlator should get this record. */
  admit(r: ConnectionRecord): boolean {
    const key = `${r.sensor ?? ''}|${r.src}|${r.src_port}|${r.dst}|${r.dst_port}|${r.ts_us}`;
    if (r.phase === 'handshake') {
      this.seen.add(key);
      if (this.seen.size > this.maxKeys) this.seen.delete(this.seen.values().next().value!);
      return true;
    }
    if (r.phase === 'final') return !this.seen.delete(key);
    return true;
  }
}
