// The API bearer token: generated on first run, kept in the data directory with mode 0600, and
// compared in constant time so response timing tells an attacker nothing about a guess.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../common/util/errors.js';

export const tokenFileName = 'api-token';

export function tokenPath(dataDir: string): string {
  return join(dataDir, tokenFileName);
}

export function ensureToken(dataDir: string): string {
  const file = tokenPath(dataDir);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length < 32)
      throw new AppError(
        'token.invalid',
        `API token file ${file} is empty or too short; run \`ja4ws token rotate\``,
        { file },
      );
    // A token file loosened by hand (e.g. copied with cp) is tightened again.
    chmodSync(file, 0o600);
    return token;
  }
  return rotateToken(dataDir);
}

export function rotateToken(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  const file = tokenPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return token;
}

/** Equal-length digests make timingSafeEqual usable whatever the length of the candidate. */
export function tokenMatches(expected: string, candidate: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(candidate).digest();
  return timingSafeEqual(a, b);
}
