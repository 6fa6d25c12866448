// Loading, empty and error states that say what happened and what to do next.
import type { ReactNode } from 'react';
import { useAuth } from '../auth/store.js';

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="notice loading">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="notice empty">{children}</div>;
}

export function ErrorNotice({
  what,
  error,
  code,
  retry,
}: {
  what: string;
  error?: string;
  code?: string;
  retry?: () => void;
}) {
  const auth = code === 'auth.required' || code === 'auth.refused';
  const advice = auth
    ? 'Enter the access token again.'
    : code === 'input.invalid'
      ? 'Correct the value named above and try again.'
      : code?.startsWith('sql.')
        ? 'Correct the query and run it again.'
        : 'Check that the daemon is running (see its log), then try again.';
  return (
    <div role="alert" className="notice error">
      <p>
        Could not load {what}: {error ?? 'unknown error'}
      </p>
      <p className="muted">{advice}</p>
      {auth ? (
        <button type="button" onClick={() => useAuth.getState().requireToken()}>
          Enter token
        </button>
      ) : retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Renders a query's loading / error state, or its data through `children`. */
export function QueryState<T>({
  q,
  what,
  children,
}: {
  q: {
    status: string;
    data: T | undefined;
    error?: string | undefined;
    code?: string | undefined;
    reload: () => void;
  };
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (q.status === 'error' && q.data === undefined)
    return (
      <ErrorNotice
        what={what}
        error={q.error}
        {...(q.code ? { code: q.code } : {})}
        retry={q.reload}
      />
    );
  if (q.data === undefined) return <Loading what={what} />;
  return <>{children(q.data)}</>;
}

/** An action's progress, run on request (not a query): idle, running, done with data, or failed. */
export interface RunState<T> {
  status: 'idle' | 'running' | 'done' | 'error';
  data?: T;
  error?: string;
  code?: string;
}

/** A run's loading or error notice (nothing while idle or done). */
export function RunNotice({
  run,
  what,
  running = what,
}: {
  run: RunState<unknown>;
  what: string;
  /** What is loading, when it says more than `what`. */
  running?: string;
}) {
  if (run.status === 'running') return <Loading what={running} />;
  if (run.status === 'error')
    return <ErrorNotice what={what} error={run.error} {...(run.code ? { code: run.code } : {})} />;
  return null;
}
