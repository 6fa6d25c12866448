// Browser sessions: the UI exchanges the bearer token once for a random session id kept in an
// HttpOnly, SameSite=Strict cookie, so a new tab (Ctrl+click on a pivot) is signed in without the
// token ever being readable by page scripts. The token stays required: a session is only ever
// created from the right token, and it dies when the token is rotated (each session remembers the
// digest of the token it came from). Memory is bounded: at most `maxSessions`, oldest forgotten.
import { createHash, randomBytes } from 'node:crypto';

export interface SessionOptions {
  /** A session unused this long is forgotten (default 12 h). */
  idleMs?: number;
  /** A session older than this is forgotten however busy (default 7 days). */
  maxAgeMs?: number;
  maxSessions?: number;
  now?: () => number;
}

interface Session {
  tokenDigest: string;
  created: number;
  used: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly maxAgeMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(opts: SessionOptions = {}) {
    this.idleMs = opts.idleMs ?? 12 * 3600_000;
    this.maxAgeMs = opts.maxAgeMs ?? 7 * 86_400_000;
    this.maxSessions = opts.maxSessions ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  /** A new session for a caller that has just shown `token`. */
  create(token: string): string {
    const id = randomBytes(32).toString('base64url');
    const at = this.now();
    this.sessions.set(id, { tokenDigest: digest(token), created: at, used: at });
    if (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    return id;
  }

  /** True when `id` is a live session made with the daemon's current `token`. */
  valid(id: string, token: string): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    const at = this.now();
    if (
      at - s.used > this.idleMs ||
      at - s.created > this.maxAgeMs ||
      s.tokenDigest !== digest(token)
    ) {
      this.sessions.delete(id);
      return false;
    }
    s.used = at;
    return true;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The cookie's name carries the port: cookies are shared by every port of a host, and two daemons
 * on one machine (127.0.0.1:7080 and :7081) must not overwrite each other's session.
 */
export function sessionCookieName(port: number | undefined): string {
  return `ja4ws_session_${port ?? 0}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(
  name: string,
  value: string,
  opts: { secure: boolean; maxAgeSeconds: number },
): string {
  return [
    `${name}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${opts.maxAgeSeconds}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}
