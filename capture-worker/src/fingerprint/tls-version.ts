// TLS/DTLS version -> the two-character JA4/JA4S version code (spec §2 table).
import { isGrease } from '../util/grease.js';

export function versionCode(v: number): string {
  switch (v) {
    case 0x0304:
      return '13';
    case 0x0303:
      return '12';
    case 0x0302:
      return '11';
    case 0x0301:
      return '10';
    case 0x0300:
      return 's3';
    case 0x0002:
      return 's2';
    case 0xfeff:
      return 'd1';
    case 0xfefd:
      return 'd2';
    case 0xfefc:
      return 'd3';
    default:
      return '00';
  }
}

const isDtls = (v: number): boolean => v >>> 8 === 0xfe;

/**
 * The newest non-GREASE version of a supported_versions list. DTLS codes count downwards
 * (1.3 = 0xfefc < 1.2 = 0xfefd), so for DTLS values the numerically lowest is the newest.
 * Returns undefined when only GREASE (or nothing) is listed.
 */
export function newestVersion(list: readonly number[]): number | undefined {
  let best: number | undefined;
  for (const v of list) {
    if (isGrease(v)) continue;
    if (best === undefined) best = v;
    else if (isDtls(v) && isDtls(best)) best = v < best ? v : best;
    else if (isDtls(v) !== isDtls(best)) best = isDtls(best) ? best : v;
    else best = v > best ? v : best;
  }
  return best;
}
