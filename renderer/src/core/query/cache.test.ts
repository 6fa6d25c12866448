import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fake-api.js';
import { clearQueryCache, fetchQuery, markStale, queryKey, useQueryCache } from './cache.js';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('query cache', () => {
  afterEach(() => clearQueryCache());

  it('answers a fresh key from the cache, and asks the daemon again after a write', async () => {
    let state = 'new';
    const api = fakeApi({ 'settings.get': async () => ({ state }) as never });
    fetchQuery('settings.get', {});
    await settle();
    fetchQuery('settings.get', {});
    await settle();
    expect(api.calls).toHaveLength(1);

    state = 'true_positive';
    markStale();
    // The old answer stays on screen until the new one is in.
    expect(useQueryCache.getState().entries[queryKey('settings.get', {})]?.data).toEqual({
      state: 'new',
    });
    fetchQuery('settings.get', {});
    await settle();
    expect(api.calls).toHaveLength(2);
    expect(useQueryCache.getState().entries[queryKey('settings.get', {})]?.data).toEqual({
      state: 'true_positive',
    });
  });
});
