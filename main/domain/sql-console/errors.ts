// Why the console did not run a statement. A refusal is the analyst's input being wrong (HTTP 400),
// never a failure of the program.
import { AppError } from '../../../common/util/errors.js';

export type SqlRefusalCode =
  | 'sql.syntax'
  | 'sql.not_read_only'
  | 'sql.clause'
  | 'sql.function'
  | 'sql.table_function'
  | 'sql.construct';

export class SqlRefused extends AppError {
  constructor(code: SqlRefusalCode, message: string, context: Record<string, unknown> = {}) {
    super(code, message, context);
  }
}

/** The query ran and ClickHouse stopped it (timeout, memory, unknown column, ...). */
export class SqlFailed extends AppError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('sql.failed', message, context);
  }
}
