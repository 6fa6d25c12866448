// QUIC Initial processing errors: typed, counted by the engine, never thrown past it.
import { AppError } from '../../../common/util/errors.js';

export type QuicErrorCode = 'quic_header' | 'quic_decrypt' | 'quic_frame';

export class QuicError extends AppError {
  declare readonly code: QuicErrorCode;
  constructor(code: QuicErrorCode, message: string, offset: number) {
    super(code, `${message} (at offset ${offset})`, { offset });
  }
}
