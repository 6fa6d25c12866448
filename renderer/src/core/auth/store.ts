// Whether the UI needs the analyst to type the access token. Any API call refused with 401 asks
// for it again, in one place, so views only deal with their own data.
import { create } from 'zustand';
import { clearToken, getToken, setToken, takeTokenFromLocation } from './token.js';

interface AuthState {
  needToken: boolean;
  provideToken: (token: string) => void;
  requireToken: () => void;
}

function initiallyNeedsToken(): boolean {
  if (typeof window === 'undefined' || window.ja4wsBridge !== undefined) return false;
  takeTokenFromLocation(window.location, window.history);
  return getToken() === undefined;
}

export const useAuth = create<AuthState>((set) => ({
  needToken: initiallyNeedsToken(),
  provideToken: (token) => {
    setToken(token);
    set({ needToken: false });
  },
  requireToken: () => {
    clearToken();
    set({ needToken: true });
  },
}));
