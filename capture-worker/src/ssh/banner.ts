// SSH identification string (RFC 4253 §4.2): "SSH-protoversion-softwareversion [SP comments]"
// ended by CR LF (a bare LF is accepted, as old servers send it). A server may send other lines
// first. Errors: ParseError('ssh_parse') only.
import { ParseError } from '../util/parse-error.js';
import { latin1 } from '../util/utf8.js';

export interface SshBanner {
  /** The whole identification line without the line end, e.g. `SSH-2.0-OpenSSH_7.4`. */
  readonly line: string;
  readonly protoVersion: string;
  readonly softwareVersion: string;
  readonly comments: string | undefined;
  /** Bytes consumed, preamble lines and line end included. */
  readonly length: number;
}

const MAX_LINE = 255;
const MAX_PREAMBLE_LINES = 32;

/** Returns undefined while the identification line is incomplete. */
export function parseSshBanner(buf: Uint8Array): SshBanner | undefined {
  let start = 0;
  for (let lines = 0; lines <= MAX_PREAMBLE_LINES; lines++) {
    let nl = -1;
    const limit = Math.min(buf.length, start + MAX_LINE + 2);
    for (let i = start; i < limit; i++) {
      if (buf[i] === 0x0a) {
        nl = i;
        break;
      }
    }
    const isSsh =
      buf.length - start >= 4 &&
      buf[start] === 0x53 &&
      buf[start + 1] === 0x53 &&
      buf[start + 2] === 0x48 &&
      buf[start + 3] === 0x2d;
    if (nl < 0) {
      if (buf.length - start > MAX_LINE + 1) {
        throw new ParseError(
          'ssh_parse',
          `line longer than ${MAX_LINE} bytes before the SSH identification`,
          { offset: start, field: 'banner' },
        );
      }
      if (buf.length - start >= 4 && !isSsh && lines === MAX_PREAMBLE_LINES) {
        throw new ParseError('ssh_parse', 'no SSH identification line', {
          offset: start,
          field: 'banner',
        });
      }
      return undefined;
    }
    if (isSsh) {
      const end = nl > start && buf[nl - 1] === 0x0d ? nl - 1 : nl;
      const line = latin1(buf, start, end);
      const m = /^SSH-([!-,.-~]+)-([!-~]+)(?: (.*))?$/.exec(line);
      if (!m)
        throw new ParseError('ssh_parse', 'malformed SSH identification line', {
          offset: start,
          field: 'banner',
        });
      return {
        line,
        protoVersion: m[1] as string,
        softwareVersion: m[2] as string,
        comments: m[3],
        length: nl + 1,
      };
    }
    start = nl + 1;
  }
  throw new ParseError('ssh_parse', `no SSH identification within ${MAX_PREAMBLE_LINES} lines`, {
    offset: start,
    field: 'banner',
  });
}
