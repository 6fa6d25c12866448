// pino JSON logs on stderr, so stdout stays free for command output (JSON lines, tables).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'ja4ws'): Logger {
  return pino(
    { name, level, base: { pid: process.pid } },
    pino.destination({ fd: 2, sync: false }),
  );
}
