// Typed errors with context. Every error the program reports to a person is an AppError: a
// stable machine-readable `code`, a one-line message that names the thing that was wrong, and
// structured `context` for logs. Counters key on `code`.
export class AppError extends Error {
  readonly code: string;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    context: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.context = context;
  }
}

/** Exit codes shared by every `ja4ws` subcommand (documented in README). */
export const ExitCode = {
  ok: 0,
  /** The command ran and failed: bad input file, store unreachable, ... */
  failure: 1,
  /** The command line or the configuration was wrong. */
  usage: 2,
  /** Another process owns the data directory. */
  locked: 3,
} as const;

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
