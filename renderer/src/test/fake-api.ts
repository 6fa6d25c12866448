// Test helpers for view tests: a fake ApiClient answering by operation name (recording inputs and
// abort signals), and a reset of the router, cache and auth between tests.
import type { ApiClient, OperationName } from '../../../common/api/contract.js';
import { setApiClient } from '../core/api/client.js';
import { useAuth } from '../core/auth/store.js';
import { clearQueryCache } from '../core/query/cache.js';
import { useRouter } from '../core/router/store.js';
import type { View } from '../core/router/route.js';

type Answer = (input: unknown) => Promise<unknown>;

export interface FakeApi {
  calls: { name: string; input: unknown; signal: AbortSignal | undefined }[];
}

export function fakeApi(answers: Partial<Record<OperationName, Answer>>): FakeApi {
  const calls: FakeApi['calls'] = [];
  const client: ApiClient = {
    call: ((name: OperationName, input: unknown, options?: { signal?: AbortSignal }) => {
      calls.push({ name, input, signal: options?.signal });
      const answer = answers[name];
      if (!answer) return Promise.reject(new Error(`no fake answer for ${name}`));
      return answer(input);
    }) as ApiClient['call'],
  };
  setApiClient(client);
  return { calls };
}

/** A promise the test resolves later, to see the loading state first. */
export function deferred<T = unknown>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

export function resetApp(view: View = 'overview', params: Record<string, string> = {}): void {
  clearQueryCache();
  useAuth.setState({ needToken: false, checking: false });
  useRouter.setState({ route: { view, params } });
}

// recharts' ResponsiveContainer needs ResizeObserver, which jsdom lacks.
if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver;
}
