// The last N live events with sequence numbers. Polling clients (IPC or HTTP) and the SSE stream
// read from it; a client that falls behind learns how many events it missed instead of making
// the buffer grow.
import type { LiveEvent } from '../../../common/api/live.js';

export class LiveBuffer {
  private readonly ring: (LiveEvent | undefined)[];
  private next = 0;
  private readonly listeners = new Set<(e: LiveEvent) => void>();

  constructor(readonly capacity = 20_000) {
    this.ring = new Array<LiveEvent | undefined>(capacity);
  }

  push(event: Omit<LiveEvent, 'seq'>): void {
    const e = { ...event, seq: this.next } as LiveEvent;
    this.ring[this.next % this.capacity] = e;
    this.next++;
    for (const l of this.listeners) l(e);
  }

  /** Events with seq > after (all buffered ones when after is undefined), oldest first. */
  since(
    after: number | undefined,
    limit: number,
  ): { events: LiveEvent[]; last: number; missed: number } {
    const oldest = Math.max(0, this.next - this.capacity);
    const from = after === undefined ? Math.max(oldest, this.next - limit) : after + 1;
    const start = Math.max(from, oldest);
    const missed = Math.max(0, oldest - from);
    const end = Math.min(this.next, start + limit);
    const events: LiveEvent[] = [];
    for (let s = start; s < end; s++) events.push(this.ring[s % this.capacity]!);
    return { events, last: end - 1, missed };
  }

  subscribe(listener: (e: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
