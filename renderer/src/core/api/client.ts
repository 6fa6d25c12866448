// The renderer's one API client. In the desktop the preload exposes `window.ja4ws`; in a browser
// the daemon's HTTP API answers on the same origin. Views never know which one they use.
import type { ApiClient } from '../../../../common/api/contract.js';
import { HttpApiClient } from '../../../../common/api/http-client.js';
import { getToken } from '../auth/token.js';

declare global {
  interface Window {
    ja4ws?: ApiClient;
  }
}

let client: ApiClient | undefined;

export function api(): ApiClient {
  client ??= window.ja4ws ?? new HttpApiClient(window.location.origin, getToken);
  return client;
}

/** For tests: replace the client. */
export function setApiClient(next: ApiClient): void {
  client = next;
}
