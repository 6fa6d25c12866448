// A bounded FIFO of serialized lines that drops the oldest when full: under a long outage the
// freshest requests are the ones worth keeping.
export class LineQueue {
  private items: string[] = [];
  private head = 0;
  dropped = 0;

  constructor(private readonly max: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  push(line: string): void {
    if (this.length >= this.max) {
      this.head++;
      this.dropped++;
    }
    this.items.push(line);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Put lines back at the front (sent, never acknowledged); the oldest go if over the bound. */
  requeue(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const rest = this.items.slice(this.head);
    const all = [...lines, ...rest];
    const over = Math.max(0, all.length - this.max);
    this.dropped += over;
    this.items = all.slice(over);
    this.head = 0;
  }

  /** Up to `maxBytes` of lines (at least one), removed from the queue, one string each. */
  takeLines(maxBytes: number): string[] {
    const out: string[] = [];
    let bytes = 0;
    while (this.head < this.items.length) {
      const line = this.items[this.head] as string;
      if (out.length > 0 && bytes + line.length > maxBytes) break;
      out.push(line);
      bytes += line.length;
      this.head++;
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return out;
  }

  /** Up to `maxBytes` of lines joined (at least one line), removed from the queue. */
  take(maxBytes: number): string {
    let out = '';
    while (this.head < this.items.length) {
      const line = this.items[this.head] as string;
      if (out.length > 0 && out.length + line.length > maxBytes) break;
      out += line;
      this.head++;
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return out;
  }
}
