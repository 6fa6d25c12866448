import { useCallback, useEffect, useMemo, useState } from 'react';
import type {
  OperationInput,
  OperationName,
  OperationOutput,
} from '../../../../common/api/contract.js';
import { fetchQuery, queryKey, type QueryStatus, useQueryCache } from './cache.js';

export interface QueryResult<T> {
  status: QueryStatus | 'idle';
  data: T | undefined;
  error: string | undefined;
  code: string | undefined;
  reload: () => void;
}

/** One operation's result for an input; `enabled: false` (missing input) stays idle. */
export function useApiQuery<N extends OperationName>(
  name: N,
  input: OperationInput<N>,
  enabled = true,
): QueryResult<OperationOutput<N>> {
  const key = useMemo(() => queryKey(name, input), [name, input]);
  const entry = useQueryCache((s) => s.entries[key]);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    return fetchQuery(name, JSON.parse(key.slice(name.length + 1)) as OperationInput<N>, nonce > 0);
  }, [key, enabled, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  if (!enabled)
    return { status: 'idle', data: undefined, error: undefined, code: undefined, reload };
  return {
    status: entry?.status ?? 'loading',
    data: entry?.data as OperationOutput<N> | undefined,
    error: entry?.error,
    code: entry?.code,
    reload,
  };
}
