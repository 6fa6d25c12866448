// What a long command uses to talk on stderr: progress (bar, lines or nothing), warnings that
// always show (a bad file), and the closing summary (not with --quiet). Reads the process's
// stderr, stdout and environment once, so commands stay free of terminal questions.
import { lineInterval, progressMode, type ProgressStream } from './mode.js';
import { Progress, type ProgressState } from './progress.js';

export interface ReporterOptions {
  /** The subcommand: "import", "migrate up". */
  label: string;
  quiet?: boolean | undefined;
  /** The command streams its data to stdout (fingerprint): no bar when that is the terminal too. */
  streamsData?: boolean;
  stream?: ProgressStream;
  env?: Record<string, string | undefined>;
}

export class Reporter {
  readonly progress: Progress;
  private readonly started = Date.now();

  constructor(private readonly o: ReporterOptions) {
    const stream = o.stream ?? process.stderr;
    const env = o.env ?? process.env;
    this.progress = new Progress({
      label: o.label,
      stream,
      mode: progressMode({
        quiet: o.quiet,
        stream,
        dataOnTerminal: o.streamsData === true && process.stdout.isTTY === true,
        env,
      }),
      intervalMs: lineInterval(env),
    });
  }

  update(s: ProgressState): void {
    this.progress.update(s);
  }

  /** Always shown, above the bar: a problem the person must see even with --quiet. */
  warn(line: string): void {
    this.progress.log(`ja4ws ${this.o.label}: ${line}`);
  }

  /** Above the bar, not with --quiet: something the person may want to know, not a problem. */
  note(line: string): void {
    if (!this.o.quiet) this.progress.log(`ja4ws ${this.o.label}: ${line}`);
  }

  /** The closing line; the bar is gone first. Nothing with --quiet. */
  summary(line: string): void {
    this.progress.finish();
    if (!this.o.quiet) (this.o.stream ?? process.stderr).write(`ja4ws ${this.o.label}: ${line}\n`);
  }

  finish(): void {
    this.progress.finish();
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }
}
