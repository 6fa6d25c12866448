import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnomalyEntity } from '../../../../common/api/anomalies.js';
import { useRouter } from '../../core/router/store.js';
import { deferred, fakeApi, resetApp } from '../../test/fake-api.js';
import { AnomaliesView } from './AnomaliesView.js';

const e = (ip: string, score: number, extra: Partial<AnomalyEntity> = {}): AnomalyEntity => ({
  entity_type: 'ip_ja4',
  src_ip: ip,
  ja4: 't12d4605h2_85626a9a5f7f_aaf95bb78ec9',
  score,
  threshold: 0.6,
  reasons: ['requests without Accept-Language (98% vs 3% typical)'],
  runs: 3,
  first_at: '2026-11-24T09:00:00.000000Z',
  last_at: '2026-11-24T11:00:00.000000Z',
  spark: [0.61, 0.7, score],
  state: 'new',
  runs_since_state: 0,
  ...extra,
});
const window = { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' };

// jsdom lays nothing out: give the scroll container a viewport so the virtualizer has a window.
for (const prop of ['clientHeight', 'clientWidth'] as const)
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('virtual-scroll') ? 600 : 0;
    },
  });

beforeEach(() => resetApp('anomalies', window));
afterEach(cleanup);

describe('AnomaliesView', () => {
  it('lists one row per entity with runs and history, and marks the selected entities', async () => {
    const d = deferred();
    const list = [e('203.0.113.7', 0.74), e('203.0.113.8', 0.66, { entity_type: 'ip', ja4: '' })];
    const api = fakeApi({
      'anomalies.entities': () => d.promise,
      'anomalies.setEntityState': async () => ({ entities: 2, runs: 6 }),
    });
    render(<AnomaliesView />);
    expect(screen.getByText(/Loading the anomalies/)).toBeTruthy();
    expect(api.calls[0]!.input).toEqual({
      ...window,
      states: ['new', 'investigating'],
      sort: 'score',
      desc: true,
      limit: 10_000,
    });
    d.resolve({ entities: list, total: 2, counts: { new: 2, investigating: 0 } });
    const table = await screen.findByRole('table', { name: 'Triage queue' });
    expect(within(table).getAllByText(/Accept-Language/)).toHaveLength(2);
    expect(within(table).getByText('whole IP')).toBeTruthy();
    expect(within(table).getAllByRole('img', { name: /Scores of the last 3 runs/ })).toHaveLength(
      2,
    );
    expect(screen.getByText('2 entities')).toBeTruthy();
    const bulk = within(screen.getByRole('toolbar', { name: 'Bulk actions' }));
    expect(
      (bulk.getByRole('button', { name: 'Mark false positive' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all 2 listed' }));
    fireEvent.click(bulk.getByRole('button', { name: 'Mark false positive' }));
    expect(await screen.findByText('2 entities (6 runs) marked false positive.')).toBeTruthy();
    const set = api.calls.find((c) => c.name === 'anomalies.setEntityState')!.input as {
      entities: unknown[];
      state: string;
    };
    expect(set.state).toBe('false_positive');
    expect(set.entities).toEqual([
      { entity_type: 'ip_ja4', src_ip: '203.0.113.7', ja4: list[0]!.ja4 },
      { entity_type: 'ip', src_ip: '203.0.113.8', ja4: '' },
    ]);
  });

  it('says honestly when the limit cut the list, and sorts from the headers', async () => {
    fakeApi({
      'anomalies.entities': async () => ({
        entities: [e('203.0.113.7', 0.74)],
        total: 12_345,
        counts: { new: 12_345 },
      }),
    });
    render(<AnomaliesView />);
    expect(await screen.findByText(/Showing the first 1 of 12,345 entities/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Runs/ }));
    expect(useRouter.getState().route.params).toMatchObject({ sort: 'runs', dir: 'desc' });
    expect(
      (await screen.findByRole('columnheader', { name: /Runs/ })).getAttribute('aria-sort'),
    ).toBe('descending');
  });

  it('says when the queue is empty', async () => {
    fakeApi({ 'anomalies.entities': async () => ({ entities: [], total: 0, counts: {} }) });
    render(<AnomaliesView />);
    expect(await screen.findByText(/No flagged entity matches these filters/)).toBeTruthy();
  });

  it('shows the error state', async () => {
    fakeApi({
      'anomalies.entities': async () => Promise.reject(new Error('detector table missing')),
    });
    render(<AnomaliesView />);
    expect((await screen.findByRole('alert')).textContent).toContain('detector table missing');
  });
});
