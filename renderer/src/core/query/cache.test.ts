import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../test/fake-api.js';
import { api } from '../api/client.js';
import { clearQueryCache, fetchQuery, queryKey, useQueryCache } from './cache.js';

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('query cache', () => {
  afterEach(() => clearQueryCache());

  it('answers a fresh key from the cache, and asks the daemon again after a verdict', async () => {
    let state = 'new';
    const api1 = fakeApi({
      'settings.get': async () => ({ state }) as never,
      'health.status': async () => ({}) as never,
      'anomalies.setState': async () => {
        state = 'true_positive';
        return { updated: 1 } as never;
      },
    });
    fetchQuery('settings.get', {});
    await settle();
    fetchQuery('settings.get', {});
    await settle();
    expect(api1.calls).toHaveLength(1);

    // A read leaves cached answers fresh.
    await api().call('health.status', {});
    fetchQuery('settings.get', {});
    await settle();
    expect(api1.calls.filter((c) => c.name === 'settings.get')).toHaveLength(1);

    // A verdict is a write in the contract: the client marks every cached answer stale itself.
    await api().call('anomalies.setState', {
      keys: [
        {
          src_ip: '192.0.2.1',
          ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
          detected_at: '2026-11-24 10:00:00.000000',
          model_id: 'm',
        },
      ],
      state: 'true_positive',
    });
    // The old answer stays on screen until the new one is in.
    expect(useQueryCache.getState().entries[queryKey('settings.get', {})]?.data).toEqual({
      state: 'new',
    });
    fetchQuery('settings.get', {});
    await settle();
    expect(api1.calls.filter((c) => c.name === 'settings.get')).toHaveLength(2);
    expect(useQueryCache.getState().entries[queryKey('settings.get', {})]?.data).toEqual({
      state: 'true_positive',
    });
  });

  it('a failed write marks nothing stale', async () => {
    fakeApi({
      'settings.get': async () => ({ state: 'x' }) as never,
      'settings.set': async () => Promise.reject(new Error('refused')),
    });
    fetchQuery('settings.get', {});
    await settle();
    await expect(api().call('settings.set', { settings: {} })).rejects.toThrow('refused');
    expect(useQueryCache.getState().entries[queryKey('settings.get', {})]?.at).toBeGreaterThan(0);
  });
});
