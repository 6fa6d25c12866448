// Responses cached per query key (operation + input). A view that asks again for the same key
// within the freshness time gets the cached value without a call; a view that goes away, or whose
// key changes, aborts its call (AbortSignal) so the daemon's answer is not waited for in vain.
import { create } from 'zustand';
import type {
  OperationInput,
  OperationName,
  OperationOutput,
} from '../../../../common/api/contract.js';
import { afterWrites, api, failure } from '../api/client.js';

export type QueryStatus = 'loading' | 'ready' | 'error';

export interface QueryEntry {
  status: QueryStatus;
  data?: unknown;
  error?: string;
  /** Error code from the API (e.g. input.invalid), when there was one. */
  code?: string;
  at: number;
}

interface CacheState {
  entries: Record<string, QueryEntry>;
}

export const useQueryCache = create<CacheState>(() => ({ entries: {} }));

export const FRESH_MS = 60_000;
const MAX_ENTRIES = 100;
const inflight = new Map<string, { controller: AbortController; users: number }>();

export function queryKey(name: string, input: unknown): string {
  return `${name} ${JSON.stringify(input)}`;
}

function put(key: string, entry: QueryEntry): void {
  useQueryCache.setState((s) => {
    const entries = { ...s.entries, [key]: entry };
    const keys = Object.keys(entries);
    if (keys.length > MAX_ENTRIES) {
      keys.sort((a, b) => entries[a]!.at - entries[b]!.at);
      for (const k of keys.slice(0, keys.length - MAX_ENTRIES)) delete entries[k];
    }
    return { entries };
  });
}

/** Start (or join) the call for a key. Returns a release function: the last user aborts it. */
export function fetchQuery<N extends OperationName>(
  name: N,
  input: OperationInput<N>,
  force = false,
): () => void {
  const key = queryKey(name, input);
  const cached = useQueryCache.getState().entries[key];
  const running = inflight.get(key);
  if (running) {
    running.users++;
    return release(key);
  }
  if (!force && cached && cached.status !== 'error' && Date.now() - cached.at < FRESH_MS)
    return () => undefined;
  const controller = new AbortController();
  inflight.set(key, { controller, users: 1 });
  // A refresh keeps showing the previous answer until the new one arrives.
  if (cached?.data === undefined) put(key, { status: 'loading', at: Date.now() });
  api()
    .call(name, input, { signal: controller.signal })
    .then((data: OperationOutput<N>) => {
      if (!controller.signal.aborted) put(key, { status: 'ready', data, at: Date.now() });
    })
    .catch((err: unknown) => {
      if (controller.signal.aborted) return;
      put(key, { status: 'error', ...failure(err), at: Date.now() });
    })
    .finally(() => {
      if (inflight.get(key)?.controller === controller) inflight.delete(key);
    });
  return release(key);
}

function release(key: string): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const running = inflight.get(key);
    if (!running) return;
    running.users--;
    if (running.users <= 0) {
      running.controller.abort();
      inflight.delete(key);
      // An aborted first load leaves nothing worth keeping.
      const entry = useQueryCache.getState().entries[key];
      if (entry?.status === 'loading' && entry.data === undefined)
        useQueryCache.setState((s) => {
          const entries = { ...s.entries };
          delete entries[key];
          return { entries };
        });
    }
  };
}

/**
 * After a write (a verdict, an applied model, saved settings, an import): every cached answer may
 * be out of date, so none counts as fresh any more. Views keep showing what they have until their
 * next fetch (on mount or refresh), which goes to the daemon. Without this, the IP profile opened
 * right after a verdict showed the runs' old state for up to FRESH_MS. The API client calls it
 * after every operation the contract marks `write` (core/api/client.ts), so no view has to.
 */
export function markStale(): void {
  useQueryCache.setState((s) => {
    const entries: Record<string, QueryEntry> = {};
    for (const [k, e] of Object.entries(s.entries)) entries[k] = { ...e, at: 0 };
    return { entries };
  });
}
afterWrites(markStale);

/** For tests. */
export function clearQueryCache(): void {
  for (const r of inflight.values()) r.controller.abort();
  inflight.clear();
  useQueryCache.setState({ entries: {} });
}
