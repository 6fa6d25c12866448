// License of each fingerprint method (spec §0), so the engine's "JA4+ off" switch and the docs
// read one table. FoxIO License 1.1 methods are non-commercial: a distributor that ships only
// BSD methods turns the rest off.
export const FINGERPRINT_LICENSES = {
  ja4: 'BSD-3-Clause',
  ja3: 'BSD-3-Clause',
  ja3s: 'BSD-3-Clause',
  hassh: 'BSD-3-Clause',
  ja4s: 'FoxIO-1.1',
  ja4h: 'FoxIO-1.1',
  ja4x: 'FoxIO-1.1',
  ja4t: 'FoxIO-1.1',
  ja4ts: 'FoxIO-1.1',
  ja4l: 'FoxIO-1.1',
  ja4ssh: 'FoxIO-1.1',
} as const;

export type FingerprintMethod = keyof typeof FINGERPRINT_LICENSES;

/** True for the JA4+ methods under the FoxIO License 1.1. */
export function isJa4Plus(method: FingerprintMethod): boolean {
  return FINGERPRINT_LICENSES[method] === 'FoxIO-1.1';
}
