// The renderer's one API client. In the desktop the preload exposes `window.ja4wsBridge`; in a browser
// the daemon's HTTP API answers on the same origin. Views never know which one they use.
import {
  type ApiClient,
  isWrite,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from '../../../../common/api/contract.js';
import { ApiCallError, HttpApiClient } from '../../../../common/api/http-client.js';
import { IpcApiClient } from '../../../../common/api/ipc-client.js';
import type { RendererBridge } from '../../../../common/api/ipc.js';
import { useAuth } from '../auth/store.js';

declare global {
  interface Window {
    /** Present in the desktop app only (the preload's bridge). */
    ja4wsBridge?: RendererBridge;
  }
}

let client: ApiClient | undefined;
const writeListeners = new Set<() => void>();

/**
 * Called after every successful operation the contract marks as a write (a verdict, settings, an
 * import): the query cache registers itself here and treats its answers as stale.
 */
export function afterWrites(listener: () => void): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}

/** Tells the write listeners; for a write that does not go through call() (an upload's XHR). */
export function noteWrite(name: OperationName): void {
  if (isWrite(name)) for (const l of writeListeners) l();
}

/** A 401 from any call sends the analyst back to the token form; a write marks caches stale. */
class AuthAwareClient implements ApiClient {
  constructor(private readonly inner: ApiClient) {}
  async call<N extends OperationName>(
    name: N,
    input: OperationInput<N>,
    options?: { signal?: AbortSignal },
  ): Promise<OperationOutput<N>> {
    const out = await authAware(this.inner.call(name, input, options));
    noteWrite(name);
    return out;
  }
}

/** A 401 sends the analyst back to the token form; for calls that bypass call() too. */
export async function authAware<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ApiCallError && err.status === 401) useAuth.getState().requireToken();
    throw err;
  }
}

export function api(): ApiClient {
  client ??= new AuthAwareClient(
    window.ja4wsBridge
      ? new IpcApiClient(window.ja4wsBridge)
      : // No token header: the session cookie (core/auth/session.ts) goes with every same-origin call.
        new HttpApiClient(window.location.origin, () => undefined),
  );
  return client;
}

/** For tests: replace the client. */
export function setApiClient(next: ApiClient): void {
  client = new AuthAwareClient(next);
}

/** A failed call as state: its message, and the API's error code when it had one. */
export function failure(err: unknown): { error: string; code?: string } {
  const e = err as { message?: string; code?: string } | null | undefined;
  return { error: e?.message ?? String(err), ...(e?.code ? { code: e.code } : {}) };
}
