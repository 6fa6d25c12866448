// The daemon prints a URL whose fragment carries the token (fragments never reach the server or
// its logs). The page takes it out of the address bar at once and exchanges it for a session
// cookie (./session.ts); the token itself is never stored where page scripts could read it later.
export function takeTokenFromLocation(location: Location, history: History): string | undefined {
  const match = /(?:^#|[?&])token=([^&]+)/.exec(location.hash);
  if (!match) return undefined;
  // Keep the rest of the fragment: a shared link to a view still opens that view.
  const rest = location.hash
    .replace(/([?&])token=[^&]*&?/, '$1')
    .replace(/^#token=[^&]*&?/, '#')
    .replace(/[?&]$/, '');
  history.replaceState(null, '', location.pathname + location.search + (rest === '#' ? '' : rest));
  return decodeURIComponent(match[1]!).trim();
}
