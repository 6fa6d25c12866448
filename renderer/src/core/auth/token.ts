// The daemon prints a URL whose fragment carries the token (fragments never reach the server or
// its logs). It is moved to session storage at once and removed from the address bar.
const key = 'ja4ws.token';

export function getToken(): string | undefined {
  return sessionStorage.getItem(key) ?? undefined;
}

export function setToken(token: string): void {
  sessionStorage.setItem(key, token.trim());
}

export function clearToken(): void {
  sessionStorage.removeItem(key);
}

export function takeTokenFromLocation(location: Location, history: History): void {
  const match = /(?:^#|[?&])token=([^&]+)/.exec(location.hash);
  if (!match) return;
  setToken(decodeURIComponent(match[1]!));
  // Keep the rest of the fragment: a shared link to a view still opens that view.
  const rest = location.hash
    .replace(/([?&])token=[^&]*&?/, '$1')
    .replace(/^#token=[^&]*&?/, '#')
    .replace(/[?&]$/, '');
  history.replaceState(null, '', location.pathname + location.search + (rest === '#' ? '' : rest));
}
