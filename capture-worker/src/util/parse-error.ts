// The one error type every pure parser in capture-worker throws for bad input. Parsers never
// throw anything else on malformed bytes (property tests hold them to it), so a caller can wrap
// a parse in one try/catch, count `err.code` and carry on with the next message.
import { AppError } from '../../../common/util/errors.js';

/** Stable codes, one per protocol area, so counters can tell which parser rejected what. */
export type ParseErrorCode =
  | 'tls_parse'
  | 'tls_sslv2_hello'
  | 'x509_parse'
  | 'http1_parse'
  | 'hpack_parse'
  | 'h2_parse'
  | 'ssh_parse';

export interface ParseErrorContext {
  /** Byte offset into the buffer handed to the parser where the problem was found. */
  offset: number;
  /** Name of the field being read, e.g. `cipher_suites.length`. */
  field: string;
  [key: string]: unknown;
}

export class ParseError extends AppError {
  declare readonly code: ParseErrorCode;
  declare readonly context: Readonly<ParseErrorContext>;

  constructor(code: ParseErrorCode, message: string, context: ParseErrorContext) {
    super(code, `${message} (field ${context.field} at offset ${context.offset})`, context);
  }
}

export function isParseError(err: unknown): err is ParseError {
  return err instanceof ParseError;
}
