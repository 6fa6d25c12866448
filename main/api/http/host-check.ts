// DNS-rebinding guard: a page on evil.example whose name is re-pointed at 127.0.0.1 talks to the
// daemon as its own origin, so the Origin check never fires; only the Host header gives it away.
// Requests are served only when Host names this daemon: loopback names, the configured listen
// address, the machine's own addresses when listening on all of them, and daemon.allowedHosts
// (a reverse proxy's public name). The port is not compared: the name is what a rebinding attack
// cannot fake, and a proxy in front may use another port.
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

export interface HostPolicy {
  /** Normalised names (lower case, no brackets, no trailing dot). */
  names: ReadonlySet<string>;
  /** Listening on 0.0.0.0 / ::: every IP literal reaches this daemon, so every one is its name. */
  anyAddress: boolean;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/** The policy for a daemon listening on `host` with the configured extra names. */
export function hostPolicy(host: string, allowedHosts: readonly string[] = []): HostPolicy {
  const names = new Set([
    ...LOOPBACK_NAMES,
    normaliseHost(host),
    ...allowedHosts.map(normaliseHost),
  ]);
  const anyAddress = host === '0.0.0.0' || host === '::' || host === '[::]';
  if (anyAddress) {
    names.add(normaliseHost(hostname()));
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(normaliseHost(a.address));
  }
  return { names, anyAddress };
}

export const loopbackHostPolicy: HostPolicy = hostPolicy('127.0.0.1');

/** `example.org:8477` -> `example.org`; `[::1]:8477` -> `::1`. */
export function hostName(header: string): string {
  const h = header.trim();
  if (h.startsWith('['))
    return normaliseHost(h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined));
  if (isIP(h) === 6) return normaliseHost(h); // unbracketed IPv6: not valid in Host, but unambiguous
  const colon = h.lastIndexOf(':');
  return normaliseHost(colon > 0 && /^\d*$/.test(h.slice(colon + 1)) ? h.slice(0, colon) : h);
}

function normaliseHost(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** undefined Host (HTTP/1.0 clients) carries no name to rebind and is allowed. */
export function hostAllowed(header: string | undefined, policy: HostPolicy): boolean {
  if (header === undefined) return true;
  const name = hostName(header);
  if (policy.names.has(name)) return true;
  if (isIP(name) === 0) return false;
  return policy.anyAddress || name.startsWith('127.');
}
