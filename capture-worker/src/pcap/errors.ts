// Typed capture-file errors: each names the file (when known), the byte offset and the problem, so
// a one-line message is enough for the analyst and the code is enough for counters.
import { AppError } from '../../../common/util/errors.js';

export type CaptureErrorCode =
  | 'capture_missing_file'
  | 'capture_bad_magic'
  | 'capture_truncated'
  | 'capture_block_length'
  | 'capture_bad_record'
  | 'capture_read_failed';

export class CaptureFileError extends AppError {
  declare readonly code: CaptureErrorCode;
  readonly path: string | undefined;
  readonly offset: number;
  readonly problem: string;

  constructor(
    code: CaptureErrorCode,
    problem: string,
    offset: number,
    path?: string,
    options?: { cause?: unknown },
  ) {
    super(
      code,
      `${path ?? '<stream>'}: ${problem} (at byte ${offset})`,
      { path, offset, problem },
      options,
    );
    this.path = path;
    this.offset = offset;
    this.problem = problem;
  }

  /** The same error, attributed to a file (the push parser does not know where its bytes come from). */
  withPath(path: string): CaptureFileError {
    if (this.path === path) return this;
    return new CaptureFileError(this.code, this.problem, this.offset, path, { cause: this.cause });
  }
}
