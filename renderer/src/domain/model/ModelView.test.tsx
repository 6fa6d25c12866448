import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OperationOutput } from '../../../../common/api/contract.js';
import { ApiCallError } from '../../../../common/api/http-client.js';
import { fakeApi, resetApp } from '../../test/fake-api.js';
import { ModelView } from './ModelView.js';

const defaults = {
  trees: 200,
  sampleSize: 'auto',
  contamination: 'auto',
  threshold: null,
  disabledFeatures: [],
  windowMinutes: 60,
  scheduleMinutes: 5,
  minRequests: 5,
  allowlist: { ips: [], cidrs: [], ja4s: [] },
  seed: 42,
  ipLevel: true,
  cohortScoring: true,
  cohortMinIps: 5,
};
const tuning = async () => ({
  tuning: defaults,
  defaults,
  features: [
    { name: 'request_count', kind: 'count' },
    { name: 'path_entropy', kind: 'ratio' },
    { name: 'ua_ja4_mismatch', kind: 'flag' },
  ],
});
const runs = async () => ({
  runs: [
    {
      model_id: 'm1',
      created_at: '2026-11-24 10:00:00.000000',
      rows_trained: 640,
      threshold: 0.61,
      duration_ms: 840,
      window_start: '2026-11-24 09:00:00.000000',
      window_end: '2026-11-24 10:00:00.000000',
      features: [],
      anomalies: 38,
    },
  ],
});
const flagged = (ip: string, score: number) => ({
  src_ip: ip,
  ja4: '',
  score,
  reasons: ['regular timing'],
});
const preview: OperationOutput<'model.preview'> = {
  windowStart: '2026-11-24 09:00:00.000000',
  windowEnd: '2026-11-24 10:00:00.000000',
  entities: 100,
  threshold: 0.6,
  flagged: [flagged('203.0.113.1', 0.62), flagged('203.0.113.2', 0.7), flagged('203.0.113.3', 0.9)],
  histogram: { edges: [0, 0.2, 0.4, 0.6, 0.8], counts: [50, 30, 17, 2, 1] },
  diff: { added: [flagged('203.0.113.3', 0.9)], removed: [], unchanged: 2, currentThreshold: 0.61 },
};

beforeEach(() => resetApp('model'));
afterEach(cleanup);

describe('ModelView', () => {
  it('shows every parameter with help, the run history, and a preview with flips and diff', async () => {
    const api = fakeApi({
      'model.tuning': tuning,
      'model.runs': runs,
      'model.preview': async () => preview,
    });
    render(<ModelView />);
    const trees = (await screen.findByRole('textbox', { name: 'Trees' })) as HTMLInputElement;
    expect(trees.value).toBe('200');
    expect(screen.getByText(/More trees give steadier scores/)).toBeTruthy();
    expect(
      within(await screen.findByRole('table', { name: 'Run history' })).getByText('38'),
    ).toBeTruthy();
    fireEvent.change(trees, { target: { value: '300' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'path entropy' }));
    fireEvent.click(screen.getByRole('button', { name: 'Preview on the last window' }));
    expect(await screen.findByText(/100 entities scored, 3 flagged/)).toBeTruthy();
    const sent = api.calls.find((c) => c.name === 'model.preview')!.input as {
      tuning: Record<string, unknown>;
    };
    expect(sent.tuning).toMatchObject({
      trees: 300,
      sampleSize: 'auto',
      threshold: null,
      disabledFeatures: ['path_entropy'],
    });
    // The flip count is what the lists below show: one entity newly flagged, none removed.
    expect(
      screen.getByText(
        '1 entity would flip against the current model (1 newly flagged, 0 no longer flagged).',
      ),
    ).toBeTruthy();
    expect(screen.getByRole('region', { name: /Newly flagged.*\(1\)/ })).toBeTruthy();
    expect(screen.getByRole('region', { name: /No longer flagged \(0\)/ })).toBeTruthy();
    // Drag the threshold up: two flagged entities (0.62, 0.70) fall below 0.75.
    fireEvent.change(screen.getByRole('slider'), { target: { value: '0.75' } });
    expect(
      screen.getByText(
        /At threshold 0\.750: 2 entities of this preview change side \(0 more flagged, 2 fewer\)/,
      ),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use this threshold' }));
    expect(
      (screen.getByRole('textbox', { name: 'Fixed score threshold' }) as HTMLInputElement).value,
    ).toBe('0.750');
    expect(
      within(screen.getByRole('region', { name: /Newly flagged/ })).getByRole('link', {
        name: '203.0.113.3',
      }),
    ).toBeTruthy();
  });

  it('applies and reports the run, or the field the daemon refused', async () => {
    let refuse = true;
    fakeApi({
      'model.tuning': tuning,
      'model.runs': runs,
      'model.apply': async () => {
        if (refuse)
          throw new ApiCallError(
            400,
            'input.invalid',
            'model.apply: tuning.trees: Too small: expected number to be >=10',
            'tuning.trees',
          );
        return {
          tuning: defaults,
          run: {
            runId: 'r',
            modelId: 'm2',
            windowStart: '',
            windowEnd: '',
            entities: 90,
            rowsTrained: 90,
            threshold: 0.6,
            anomalies: [flagged('203.0.113.3', 0.9)],
            suppressed: 0,
            histogram: preview.histogram,
            durationMs: 10,
          },
        };
      },
    });
    render(<ModelView />);
    fireEvent.change(await screen.findByRole('textbox', { name: 'Trees' }), {
      target: { value: '3' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText(/Not applied: .*tuning.trees/)).toBeTruthy();
    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText(/Applied. The run flagged 1 of 90 entities/)).toBeTruthy();
  });

  it('shows the loading and error states', async () => {
    fakeApi({
      'model.tuning': async () => Promise.reject(new Error('detector not running')),
      'model.runs': async () => ({ runs: [] }),
    });
    render(<ModelView />);
    expect(screen.getByText(/Loading the tuning parameters/)).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('detector not running');
    expect(await screen.findByText(/No run yet/)).toBeTruthy();
  });
});

describe('ModelView preview on a thin window', () => {
  it('says there are too few entities instead of a threshold', async () => {
    fakeApi({
      'model.tuning': tuning,
      'model.runs': runs,
      'model.preview': async () => ({
        ...preview,
        entities: 1,
        threshold: null,
        flagged: [],
        diff: { added: [], removed: [], unchanged: 0, currentThreshold: null },
      }),
    });
    render(<ModelView />);
    fireEvent.click(await screen.findByRole('button', { name: 'Preview on the last window' }));
    expect(await screen.findByText(/too few to set a threshold/)).toBeTruthy();
    expect(screen.queryByRole('slider')).toBeNull();
  });
});
