import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Anomaly } from '../../../../common/api/anomalies.js';
import { deferred, fakeApi, resetApp } from '../../test/fake-api.js';
import { AnomaliesView } from './AnomaliesView.js';

const a = (ip: string, score: number): Anomaly => ({
  src_ip: ip,
  ja4: 't12d4605h2_85626a9a5f7f_aaf95bb78ec9',
  detected_at: '2026-11-24 11:00:00.000000',
  model_id: 'm1',
  entity_type: 'ip_ja4',
  score,
  threshold: 0.6,
  reasons: ['requests without Accept-Language (98% vs 3% typical)'],
  features: {},
  state: 'new',
});
const window = { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' };

beforeEach(() => resetApp('anomalies', window));
afterEach(cleanup);

describe('AnomaliesView', () => {
  it('lists the queue with reasons and pivots, and bulk-marks the selection', async () => {
    const d = deferred();
    const list = [a('203.0.113.7', 0.74), a('203.0.113.8', 0.66)];
    const api = fakeApi({
      'anomalies.list': () => d.promise,
      'anomalies.setState': async () => ({ updated: 2 }),
    });
    render(<AnomaliesView />);
    expect(screen.getByText(/Loading the anomalies/)).toBeTruthy();
    expect(api.calls[0]!.input).toEqual({
      ...window,
      states: ['new', 'investigating'],
      limit: 500,
    });
    d.resolve({ anomalies: list, counts: { new: 2, investigating: 0 } });
    const table = await screen.findByRole('table', { name: 'Triage queue' });
    expect(within(table).getAllByText(/Accept-Language/)).toHaveLength(2);
    expect(within(table).getByRole('link', { name: '203.0.113.7' }).getAttribute('href')).toContain(
      '#/ip?',
    );
    const bulk = within(screen.getByRole('toolbar', { name: 'Bulk actions' }));
    expect(
      (bulk.getByRole('button', { name: 'Mark false positive' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all' }));
    fireEvent.click(bulk.getByRole('button', { name: 'Mark false positive' }));
    expect(await screen.findByText('2 marked false positive.')).toBeTruthy();
    const set = api.calls.find((c) => c.name === 'anomalies.setState')!.input as {
      keys: unknown[];
      state: string;
    };
    expect(set.state).toBe('false_positive');
    expect(set.keys).toEqual(
      list.map((x) => ({
        src_ip: x.src_ip,
        ja4: x.ja4,
        detected_at: x.detected_at,
        model_id: 'm1',
      })),
    );
  });

  it('says when the queue is empty', async () => {
    fakeApi({ 'anomalies.list': async () => ({ anomalies: [], counts: {} }) });
    render(<AnomaliesView />);
    expect(await screen.findByText(/No anomalies in these states/)).toBeTruthy();
  });

  it('shows the error state', async () => {
    fakeApi({ 'anomalies.list': async () => Promise.reject(new Error('detector table missing')) });
    render(<AnomaliesView />);
    expect((await screen.findByRole('alert')).textContent).toContain('detector table missing');
  });
});
