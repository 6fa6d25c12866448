// Whether the UI needs the analyst to type the access token. Any API call refused with 401 asks
// for it again, in one place, so views only deal with their own data. In a browser the token is
// exchanged for a session cookie, so new tabs of the same browser need nothing.
import { create } from 'zustand';
import { checkSession, openSession } from './session.js';
import { takeTokenFromLocation } from './token.js';

interface AuthState {
  needToken: boolean;
  /** True while the page asks the daemon whether its cookie is still good. */
  checking: boolean;
  /** Why the form is shown again: a refused token, an ended session. */
  message?: string;
  provideToken: (token: string) => Promise<void>;
  requireToken: (message?: string) => void;
}

const inBrowser = (): boolean => typeof window !== 'undefined' && window.ja4wsBridge === undefined;

export const useAuth = create<AuthState>((set) => ({
  needToken: false,
  checking: inBrowser(),
  provideToken: async (token) => {
    const r = await openSession(token);
    if (r.ok) set({ needToken: false, checking: false, message: undefined });
    else set({ needToken: true, checking: false, message: r.message });
  },
  requireToken: (message) =>
    set({
      needToken: true,
      checking: false,
      message:
        message ??
        'The daemon no longer knows this browser’s session (it restarted, or the token was rotated). Enter the token again.',
    }),
}));

/** Run once at start in a browser: a token in the URL opens a session, else the cookie is checked. */
export async function startSession(): Promise<void> {
  if (!inBrowser()) return;
  const token = takeTokenFromLocation(window.location, window.history);
  if (token) return useAuth.getState().provideToken(token);
  const ok = await checkSession().catch(() => false);
  useAuth.setState({ checking: false, needToken: !ok, message: undefined });
}
