// Which kind of progress a command shows: a redrawn bar on a terminal, a plain line every few
// seconds when stderr goes to a file or a pipe (logs, CI), nothing with --quiet.
export type ProgressMode = 'bar' | 'lines' | 'off';

/** The part of a stream (process.stderr) progress needs: tests pass a fake one. */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export const DEFAULT_LINE_INTERVAL_MS = 5000;

export interface ModeInput {
  quiet?: boolean | undefined;
  stream: ProgressStream;
  /** Data goes to the same terminal (stdout is a TTY too): a bar would be torn by it. */
  dataOnTerminal?: boolean | undefined;
  env?: Record<string, string | undefined>;
}

export function progressMode(o: ModeInput): ProgressMode {
  if (o.quiet) return 'off';
  const forced = o.env?.JA4WS_PROGRESS;
  if (forced === 'bar' || forced === 'lines' || forced === 'off') return forced;
  if (o.stream.isTTY) {
    if (o.dataOnTerminal) return 'off';
    // A dumb terminal cannot erase a line: it gets the plain lines.
    return o.env?.TERM === 'dumb' ? 'lines' : 'bar';
  }
  return 'lines';
}

/** JA4WS_PROGRESS_INTERVAL_MS: how often a plain line is written (default 5 s). */
export function lineInterval(env: Record<string, string | undefined> = {}): number {
  const v = Number(env.JA4WS_PROGRESS_INTERVAL_MS);
  return env.JA4WS_PROGRESS_INTERVAL_MS !== undefined && Number.isFinite(v) && v >= 0
    ? v
    : DEFAULT_LINE_INTERVAL_MS;
}
