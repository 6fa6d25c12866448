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
