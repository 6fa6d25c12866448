// The documented exit code of an error that ended a command (ExitCode in common/util/errors.ts),
// without commander: the `ja4ws fingerprint` fast path (fingerprint-main.ts) runs without it.
import { AppError, ExitCode } from '../../common/util/errors.js';

export function exitCodeOf(err: unknown): number {
  if (!(err instanceof AppError)) return ExitCode.failure;
  if (err.code === 'store.locked') return ExitCode.locked;
  if (err.code.startsWith('config.') || err.code.startsWith('usage.')) return ExitCode.usage;
  return ExitCode.failure;
}
