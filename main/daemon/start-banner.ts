// What the daemon tells the person who started it, and the address file `ja4ws token url` reads.
// The token is never in either: stdout of a service lands in the journal (and in whatever collects
// it), so only an interactive terminal gets the clickable address with the token (docs/decisions.md).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenPath } from '../api/auth/token.js';

export const urlFileName = 'daemon-url.json';

export interface BannerInput {
  url: string;
  token: string;
  dataDir: string;
  /** stdout is a terminal: a person is reading it, not a journal. */
  tty: boolean;
}

export function startBanner({ url, token, dataDir, tty }: BannerInput): string {
  const dirFlag = `--data-dir ${shellWord(dataDir)}`;
  return [
    'ja4-workstation daemon is running',
    `  UI:    ${url}/`,
    tty
      ? `  open:  ${url}/#token=${token}   (shown because this is a terminal; never logged)`
      : `  open:  ja4ws token url ${dirFlag}   (prints the UI address with the token)`,
    `  API:   ${url}/api/v1/openapi.json (Authorization: Bearer <token>)`,
    `  token: kept in ${tokenPath(dataDir)} (mode 0600; rotate: ja4ws token rotate ${dirFlag})`,
    '',
  ].join('\n');
}

function shellWord(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Written once the daemon listens (address and PID, no secret); removed when it stops. */
export function writeUrlFile(dataDir: string, url: string): string {
  const file = join(dataDir, urlFileName);
  writeFileSync(file, `${JSON.stringify({ url, pid: process.pid })}\n`, { mode: 0o644 });
  return file;
}

export function removeUrlFile(file: string): void {
  try {
    if ((readUrlFile(file)?.pid ?? process.pid) === process.pid) rmSync(file, { force: true });
  } catch {
    /* already gone */
  }
}

/** The running daemon's address for a data directory, if one is running there. */
export function runningDaemonUrl(dataDir: string): string | undefined {
  const entry = readUrlFile(join(dataDir, urlFileName));
  if (!entry) return undefined;
  try {
    process.kill(entry.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return entry.url;
}

function readUrlFile(file: string): { url: string; pid: number } | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as { url?: unknown; pid?: unknown };
    return typeof v.url === 'string' && typeof v.pid === 'number'
      ? { url: v.url, pid: v.pid }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Role sensor: no UI, no API; where its rows and heartbeats go. */
export function sensorBanner(o: { sensor: string; store: string; interfaces: string[] }): string {
  return [
    'ja4-workstation sensor is running (role sensor: no UI, no API, no detector)',
    `  sensor: ${o.sensor}`,
    `  store:  ${o.store}`,
    `  capture: ${o.interfaces.length > 0 ? o.interfaces.join(', ') : '(none; ingest sockets only)'}`,
    '',
  ].join('\n');
}
