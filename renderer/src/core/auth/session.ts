// The browser's session with the daemon: the token is exchanged once for an HttpOnly,
// SameSite=Strict cookie (main/api/auth/sessions.ts), which every later request and every new tab
// of this browser carries by itself.
import { sessionPath } from '../../../../common/api/session.js';

export type SessionAnswer = { ok: true } | { ok: false; message: string };

/** Is this browser signed in (a live session cookie)? */
export async function checkSession(): Promise<boolean> {
  const res = await fetch(sessionPath, { method: 'GET', credentials: 'same-origin' });
  return res.ok;
}

/** Exchanges the token for a session cookie; a refusal comes back in words. */
export async function openSession(token: string): Promise<SessionAnswer> {
  let res: Response;
  try {
    res = await fetch(sessionPath, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { authorization: `Bearer ${token}` },
    });
  } catch (err) {
    return { ok: false, message: `The daemon did not answer (${(err as Error).message}).` };
  }
  if (res.ok) return { ok: true };
  const body = (await res.json().catch(() => undefined)) as
    { error?: { message?: string } } | undefined;
  if (res.status === 401)
    return { ok: false, message: 'Token refused: that is not this daemon’s access token.' };
  if (res.status === 429)
    return {
      ok: false,
      message: `Too many refused tokens from this address: wait ${res.headers.get('retry-after') ?? 'a minute'} s and try again.`,
    };
  return { ok: false, message: body?.error?.message ?? `The daemon answered HTTP ${res.status}.` };
}

export async function closeSession(): Promise<void> {
  await fetch(sessionPath, { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
}
