// Turns libpcap/tcpdump open failures into typed errors that say what to do. Privilege errors
// are the common case on a desktop; their remedy is printed by the worker's privilege check.
import { AppError } from '../../../common/util/errors.js';
import type { CaptureOptions } from './types.js';

export function classifyOpenError(text: string, opts: CaptureOptions, source: string): AppError {
  const msg = text.trim().replace(/^tcpdump: /, '');
  const ctx = { iface: opts.iface, filter: opts.filter, source, detail: msg };
  if (/permission|not permitted|EPERM|EACCES/i.test(msg)) {
    return new AppError(
      'capture.no_privileges',
      `${source}: cannot open ${opts.iface}: ${msg} (CAP_NET_RAW and CAP_NET_ADMIN are needed)`,
      ctx,
    );
  }
  if (/no such device|doesn't exist|no such/i.test(msg) && !/syntax|filter/i.test(msg)) {
    return new AppError(
      'capture.no_such_interface',
      `${source}: interface "${opts.iface}" does not exist (${msg})`,
      ctx,
    );
  }
  if (
    /syntax|filter|expression|illegal|parse error|unknown (host|port|protocol)|can't parse/i.test(
      msg,
    )
  ) {
    return new AppError(
      'capture.bad_filter',
      `${source}: BPF filter "${opts.filter}" is invalid: ${msg}`,
      ctx,
    );
  }
  return new AppError(
    'capture.open_failed',
    `${source}: cannot capture on ${opts.iface}: ${msg}`,
    ctx,
  );
}
