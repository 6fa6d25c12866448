// Progress of a long command on stderr. Commands report what they have done (`update`); this
// decides when and how to show it: a bar redrawn in place on a terminal (at most 10 times a
// second), a plain line every few seconds otherwise, nothing when off. stdout is never touched,
// so what a command prints there is the same with or without a terminal.
import { formatAmount, formatCount, formatDuration, formatRate } from './format.js';
import { DEFAULT_LINE_INTERVAL_MS, type ProgressMode, type ProgressStream } from './mode.js';

export interface ProgressState {
  /** What is being worked on: a file name, a phase ("loading events"). */
  step?: string;
  /** The main measure, in `unit`; with `total` it gives the percentage, rate and time left. */
  done: number;
  total?: number | undefined;
  /** 'bytes', or a plural noun: 'lines', 'migrations'. */
  unit: string;
  /** Other running counts shown beside it: [['packets', 52300], ['connections', 1204]]. */
  counts?: [string, number][];
}

export interface ProgressOptions {
  /** The command, first on every line: "import". */
  label: string;
  mode: ProgressMode;
  stream: ProgressStream;
  /** Plain lines: at most one per interval (default 5 s). */
  intervalMs?: number;
  /** Bar: first drawn this long after the start, so quick commands never flash one. */
  barDelayMs?: number;
  now?: () => number;
}

const BAR_REDRAW_MS = 100;
const BAR_DELAY_MS = 250;
const ERASE = '\r\x1b[K';

export class Progress {
  private state: ProgressState = { done: 0, unit: 'bytes' };
  private readonly now: () => number;
  private readonly interval: number;
  private readonly barDelay: number;
  /** Start of the current measure: the rate restarts when the unit or the total changes. */
  private since: number;
  private sinceDone = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private finished = false;
  private updated = false;

  constructor(private readonly o: ProgressOptions) {
    this.now = o.now ?? Date.now;
    this.interval = o.intervalMs ?? DEFAULT_LINE_INTERVAL_MS;
    this.barDelay = Math.min(o.barDelayMs ?? BAR_DELAY_MS, this.interval);
    this.since = this.now();
    this.lastDraw = o.mode === 'lines' ? this.since : Number.NEGATIVE_INFINITY;
    if (o.mode !== 'off') {
      // Between updates (a long query, a slow insert) the bar's clock and the lines still move.
      const tick = o.mode === 'bar' ? 1000 : Math.max(50, this.interval);
      this.timer = setInterval(() => this.show(false), tick);
      this.timer.unref?.();
    }
  }

  get mode(): ProgressMode {
    return this.o.mode;
  }

  update(next: ProgressState): void {
    if (this.finished) return;
    if (this.updated && (next.unit !== this.state.unit || next.total !== this.state.total)) {
      this.since = this.now();
      this.sinceDone = next.done;
    }
    this.state = next;
    this.updated = true;
    this.show(false);
  }

  /** A line for the person (an error about one file) that must not be torn by the bar. */
  log(line: string): void {
    if (this.drawn) this.o.stream.write(ERASE);
    this.o.stream.write(line.endsWith('\n') ? line : `${line}\n`);
    if (this.drawn) this.show(true);
  }

  /** Run a write to another stream on the same terminal (a stdout line) with the bar out of the way. */
  above(write: () => void): void {
    if (!this.drawn) return write();
    this.o.stream.write(ERASE);
    write();
    this.show(true);
  }

  /** Stop; the bar is erased so the summary that follows starts on a clean line. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearInterval(this.timer);
    if (this.drawn) this.o.stream.write(ERASE);
    this.drawn = false;
  }

  private show(force: boolean): void {
    // Nothing to say before the command's first report (it may still be opening the store).
    if (this.finished || this.o.mode === 'off' || !this.updated) return;
    const t = this.now();
    if (this.o.mode === 'lines') {
      if (!force && t - this.lastDraw < this.interval) return;
      this.lastDraw = t;
      this.o.stream.write(`ja4ws ${this.o.label}: ${this.describe(t)}\n`);
      return;
    }
    if (!force) {
      if (t - this.since < this.barDelay && !this.drawn) return;
      if (t - this.lastDraw < Math.min(BAR_REDRAW_MS, this.interval)) return;
    }
    this.lastDraw = t;
    const width = Math.max(20, (this.o.stream.columns || 80) - 1);
    this.o.stream.write(`\r${this.barLine(t, width)}\x1b[K`);
    this.drawn = true;
  }

  private rate(t: number): number | undefined {
    const secs = (t - this.since) / 1000;
    if (secs < 0.5) return undefined;
    return (this.state.done - this.sinceDone) / secs;
  }

  private left(t: number): number | undefined {
    const { total, done } = this.state;
    const rate = this.rate(t);
    if (total === undefined || rate === undefined || rate <= 0) return undefined;
    return (Math.max(0, total - done) / rate) * 1000;
  }

  private parts(t: number): { amount: string; rest: string[]; pct: number | undefined } {
    const { done, total, unit, counts = [], step } = this.state;
    const pct = total ? Math.min(100, Math.floor((done / total) * 100)) : undefined;
    const amount =
      unit === ''
        ? ''
        : total !== undefined
          ? unit === 'bytes'
            ? `${formatAmount(done, unit)} of ${formatAmount(total, unit)}`
            : `${formatCount(done)} of ${formatAmount(total, unit)}`
          : formatAmount(done, unit);
    // Most telling first: a narrow terminal cuts the bar's end.
    const left = this.left(t);
    const rest = [
      left !== undefined
        ? `${formatDuration(left)} left`
        : `${formatDuration(t - this.since)} elapsed`,
    ];
    const rate = this.rate(t);
    if (rate !== undefined && unit !== '') rest.push(formatRate(rate, unit));
    rest.push(...counts.map(([name, n]) => `${formatCount(n)} ${name}`));
    if (step) rest.unshift(step);
    return { amount, rest, pct };
  }

  /** The plain line: "cap.pcap, 45% (52.1 MB of 117 MB), 6 s left, 10.4 MB/s, 52,300 packets". */
  private describe(t: number): string {
    const { amount, rest, pct } = this.parts(t);
    const [step, ...others] = this.state.step ? rest : [undefined, ...rest];
    const main = pct !== undefined ? `${pct}% (${amount})` : amount;
    return [step, main, ...others].filter((x) => x !== undefined && x !== '').join(', ');
  }

  /** The bar: "import cap.pcap [=====>     ]  45% 52.1 MB of 117 MB  6 s left  10.4 MB/s  52,300 packets". */
  private barLine(t: number, width: number): string {
    const { amount, rest, pct } = this.parts(t);
    const [step, ...others] = this.state.step ? rest : [undefined, ...rest];
    let bar = '';
    if (pct !== undefined) {
      const cells = 20;
      const full = Math.round((pct / 100) * cells);
      bar = `[${'='.repeat(full)}${full < cells ? '>' : ''}${' '.repeat(Math.max(0, cells - full - 1))}] ${String(pct).padStart(3)}% `;
    }
    const head = `${this.o.label}${step ? ` ${step}` : ''} `;
    const line = `${head}${bar}${[amount, ...others].filter((x) => x !== '').join('  ')}`;
    return line.length > width ? line.slice(0, width) : line;
  }
}
