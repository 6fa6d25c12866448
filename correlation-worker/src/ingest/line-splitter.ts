// Splits a byte stream into lines with a hard bound on line length. Hand-written because
// readline and split2 buffer a whole line before any limit applies: an over-long line here is
// skipped up to its newline while holding only its first bytes (for the dead-letter file).
export interface LineSink {
  line(bytes: Buffer): void;
  /** An over-long line: its first `prefix` bytes and its full length (newline excluded). */
  oversize(prefix: Buffer, length: number): void;
}

const PREFIX_BYTES = 512;
const NL = 10;

export class LineSplitter {
  private parts: Buffer[] = [];
  private partLen = 0;
  private discarding = false;
  private discardLen = 0;
  private prefix: Buffer = Buffer.alloc(0);

  constructor(
    private readonly maxLineBytes: number,
    private readonly sink: LineSink,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    const n = chunk.length;
    while (start < n) {
      const nl = chunk.indexOf(NL, start);
      const end = nl < 0 ? n : nl;
      const segLen = end - start;
      if (this.discarding) {
        this.discardLen += segLen;
      } else if (this.partLen + segLen > this.maxLineBytes) {
        const head = this.parts.length > 0 ? Buffer.concat(this.parts) : Buffer.alloc(0);
        this.prefix = Buffer.from(
          Buffer.concat([
            head.subarray(0, PREFIX_BYTES),
            chunk.subarray(start, start + PREFIX_BYTES),
          ]).subarray(0, PREFIX_BYTES),
        );
        this.discarding = true;
        this.discardLen = this.partLen + segLen;
        this.parts = [];
        this.partLen = 0;
      } else if (nl < 0) {
        // Copy: a slice would pin the whole socket chunk until the line completes.
        this.parts.push(Buffer.from(chunk.subarray(start, end)));
        this.partLen += segLen;
      } else {
        const seg = chunk.subarray(start, end);
        const line = this.parts.length > 0 ? Buffer.concat([...this.parts, seg]) : seg;
        this.parts = [];
        this.partLen = 0;
        this.emit(line);
      }
      if (nl < 0) break;
      if (this.discarding) this.endDiscard();
      start = nl + 1;
    }
  }

  /** End of stream: a last line without a newline still counts. */
  end(): void {
    if (this.discarding) this.endDiscard();
    else if (this.partLen > 0) {
      const line = Buffer.concat(this.parts);
      this.parts = [];
      this.partLen = 0;
      this.emit(line);
    }
  }

  private endDiscard(): void {
    this.discarding = false;
    this.sink.oversize(this.prefix, this.discardLen);
    this.prefix = Buffer.alloc(0);
    this.discardLen = 0;
  }

  private emit(line: Buffer): void {
    const len = line.length;
    const trimmed = len > 0 && line[len - 1] === 13 ? line.subarray(0, len - 1) : line;
    if (trimmed.length > 0) this.sink.line(trimmed);
  }
}
