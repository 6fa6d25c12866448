// The daemon listens on loopback unless told otherwise; any other address needs TLS, or an
// explicit --insecure-listen that is logged as a warning on every start.
import { isIP } from 'node:net';
import { AppError } from '../../common/util/errors.js';
import type { DaemonConfig } from '../config/schema.js';

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || host === '[::1]';
}

export type ListenPolicy = {
  tls: { cert: string; key: string } | undefined;
  warning: string | undefined;
};

export function listenPolicy(d: DaemonConfig): ListenPolicy {
  if ((d.tlsCert === undefined) !== (d.tlsKey === undefined)) {
    throw new AppError(
      'daemon.tls',
      'daemon.tlsCert and daemon.tlsKey go together: set both or neither',
      {},
    );
  }
  const tls = d.tlsCert && d.tlsKey ? { cert: d.tlsCert, key: d.tlsKey } : undefined;
  if (isLoopback(d.host) || tls) return { tls, warning: undefined };
  if (!d.insecureListen) {
    throw new AppError(
      'daemon.insecure_listen',
      `refusing to serve plain HTTP on ${d.host}: set daemon.tlsCert and daemon.tlsKey, or pass --insecure-listen to accept that the token and data cross the network in clear`,
      { host: d.host },
    );
  }
  return {
    tls,
    warning: `serving plain HTTP on non-loopback address ${d.host} (--insecure-listen): the token and all data cross the network unencrypted`,
  };
}
