// How much one console query may take. Applied in the SETTINGS of the exact statement that runs
// (operations.ts), and the byte cap again while the response is read.
import { SQL_CONSOLE_MAX_RESPONSE_BYTES } from '../../../common/api/sql-console.js';

export const SQL_LIMITS: Readonly<{
  maxExecutionSeconds: number;
  maxMemoryBytes: number;
  maxResponseBytes: number;
  maxResultBytes: number;
}> = {
  maxExecutionSeconds: 15,
  /** Memory of one console query in the engine: bounds a single huge block as well. */
  maxMemoryBytes: 1_000_000_000,
  /** Response text read back at most; a longer result is cut at a row boundary. */
  maxResponseBytes: SQL_CONSOLE_MAX_RESPONSE_BYTES,
  /**
   * The engine stops producing rows past this many bytes of blocks (result_overflow_mode=break).
   * Four times the response cap: a block in memory is rarely more than four times its JSON text,
   * so the engine's stop shows up as the response cap being reached.
   */
  maxResultBytes: 64 * 1024 * 1024,
};

export type Limits = typeof SQL_LIMITS;

/**
 * The SETTINGS clause the console appends. `readonly = 1` is left out only for a server console
 * user, whose profile holds readonly = 1 itself (a readonly user may not even restate it).
 */
export function limitSettings(
  maxRows: number,
  readonlyInQuery: boolean,
  limits: Limits = SQL_LIMITS,
): string {
  return [
    ...(readonlyInQuery ? ['readonly = 1'] : []),
    `max_execution_time = ${limits.maxExecutionSeconds}`,
    `max_result_rows = ${maxRows + 1}`,
    `max_result_bytes = ${limits.maxResultBytes}`,
    "result_overflow_mode = 'break'",
    `max_memory_usage = ${limits.maxMemoryBytes}`,
  ].join(', ');
}
