// From a line to a delivered event, or to a counted, logged, dead-lettered rejection. A bad line
// affects only itself: the connection and the lines around it carry on.
import type { BadInput } from './bad-input.js';
import type { SourceStats } from './bad-input.js';
import type { LineSink } from './line-splitter.js';
import { parseJsonLine, type LineResult } from './validate-line.js';

export type Decoder<T> = (json: unknown) => LineResult<T>;

export interface Rejections {
  reject(source: string, bad: BadInput, line: Buffer, totalBytes: number): void;
}

export class LineProcessor<T> implements LineSink {
  handlerErrors = 0;

  constructor(
    readonly source: string,
    private readonly decode: Decoder<T>,
    private readonly deliver: (value: T) => void,
    readonly stats: SourceStats,
    private readonly rejections: Rejections,
    private readonly maxLineBytes: number,
    private readonly parse: (line: Buffer) => LineResult<unknown> = parseJsonLine,
  ) {}

  line(bytes: Buffer): void {
    this.stats.bytes += bytes.length + 1;
    const json = this.parse(bytes);
    if (!json.ok) return this.bad(json.bad, bytes, bytes.length);
    const decoded = this.decode(json.value);
    if (!decoded.ok) return this.bad(decoded.bad, bytes, bytes.length);
    this.stats.lines_ok++;
    try {
      this.deliver(decoded.value);
    } catch {
      this.handlerErrors++;
    }
  }

  oversize(prefix: Buffer, length: number): void {
    this.stats.bytes += length + 1;
    this.bad(
      {
        kind: 'oversize',
        message: `line of ${length} bytes is over the ${this.maxLineBytes}-byte limit`,
      },
      prefix,
      length,
    );
  }

  private bad(b: BadInput, line: Buffer, total: number): void {
    this.stats.countBad(b);
    this.rejections.reject(this.source, b, line, total);
  }
}
