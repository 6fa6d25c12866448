// A worker process takes its whole configuration as one JSON argument, `--config '<json>'`: main
// writes it with configArgv, the worker finds it with configArgText and validates it with its own
// schema (capture-worker/src/worker/config.ts, correlation-worker/src/worker/config.ts).
export const CONFIG_FLAG = '--config';

export function configArgv(config: unknown): string[] {
  return [CONFIG_FLAG, JSON.stringify(config)];
}

/** The JSON text after `--config`, or undefined when it is not there. */
export function configArgText(argv: readonly string[]): string | undefined {
  const i = argv.indexOf(CONFIG_FLAG);
  return i >= 0 ? argv[i + 1] : undefined;
}
