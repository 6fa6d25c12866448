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
const runRow = (model_id: string, level: 'ip' | 'ip_ja4', anomalies: number) => ({
  model_id,
  level,
  created_at: '2026-11-24 10:00:00.000000',
  rows_trained: 640,
  threshold: 0.61,
  duration_ms: 840,
  window_start: '2026-11-24 09:00:00.000000',
  window_end: '2026-11-24 10:00:00.000000',
  features: [],
  anomalies,
});
const runs = async () => ({ runs: [runRow('m1', 'ip_ja4', 38), runRow('m1-ip', 'ip', 7)] });
const JA4 = 't13d1516h2_8daaf6152771_02713d6af862';
const e = (level: 'ip' | 'ip_ja4', ip: string, score: number) => ({
  level,
  src_ip: ip,
  ja4: level === 'ip' ? '' : JA4,
  score,
  reasons: [`why ${ip}`],
});
const levels: OperationOutput<'model.preview'>['levels'] = [
  {
    level: 'ip_ja4',
    entities: 80,
    threshold: 0.6,
    currentThreshold: 0.61,
    histogram: { edges: [0, 0.5], counts: [75, 5] },
    scored: [
      e('ip_ja4', '203.0.113.3', 0.9),
      e('ip_ja4', '203.0.113.2', 0.7),
      e('ip_ja4', '203.0.113.1', 0.62),
      e('ip_ja4', '203.0.113.4', 0.55),
      e('ip_ja4', '203.0.113.5', 0.5),
    ],
    floor: 0.45,
    current: [
      e('ip_ja4', '203.0.113.2', 0.72),
      e('ip_ja4', '203.0.113.9', 0.66),
      e('ip_ja4', '203.0.113.1', 0.65),
    ],
  },
  {
    level: 'ip',
    entities: 20,
    threshold: 0.65,
    currentThreshold: 0.66,
    histogram: { edges: [0, 0.5], counts: [18, 2] },
    scored: [e('ip', '203.0.113.3', 0.8), e('ip', '203.0.113.6', 0.6)],
    floor: 0,
    current: [e('ip', '203.0.113.3', 0.79)],
  },
];
// What the daemon answers for these levels at their own thresholds (previewDiff).
const preview: OperationOutput<'model.preview'> = {
  windowStart: '2026-11-24 09:00:00.000000',
  windowEnd: '2026-11-24 10:00:00.000000',
  entities: 100,
  threshold: 0.6,
  flagged: [
    e('ip_ja4', '203.0.113.3', 0.9),
    e('ip', '203.0.113.3', 0.8),
    e('ip_ja4', '203.0.113.2', 0.7),
    e('ip_ja4', '203.0.113.1', 0.62),
  ],
  histogram: { edges: [0, 0.2, 0.4, 0.6, 0.8], counts: [50, 30, 16, 2, 2] },
  diff: {
    added: [e('ip_ja4', '203.0.113.3', 0.9)],
    removed: [e('ip_ja4', '203.0.113.9', 0.66)],
    unchanged: 3,
    currentThreshold: 0.61,
  },
  levels,
  cohorts: [
    {
      kind: 'ja4',
      ja4: JA4,
      detail: '',
      ips: 12,
      score: 0.8,
      reason: 'one of 12 IPs sharing this JA4, posting to /login',
    },
    { kind: 'ja4_ua', ja4: JA4, detail: 'curl/8.5.0', ips: 6, score: 0.52, reason: 'six curls' },
  ],
};
/** Rows of the list region whose heading starts with `title`, and the count in its heading. */
const list = (title: string) => {
  const region = screen.getByRole('region', { name: new RegExp(`^${title} \\(\\d+\\)$`) });
  const count = Number(/\((\d+)\)$/.exec(region.getAttribute('aria-label')!)![1]);
  return { count, rows: region.querySelectorAll('tbody tr').length, region };
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
    expect(
      within(screen.getByRole('table', { name: 'Run history' })).getByText('Whole IP'),
    ).toBeTruthy();
    fireEvent.change(trees, { target: { value: '300' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'path entropy' }));
    fireEvent.click(screen.getByRole('button', { name: 'Preview on the last window' }));
    expect(await screen.findByText(/100 entities scored/)).toBeTruthy();
    expect(screen.getByText(/, 4 flagged\./)).toBeTruthy();
    const sent = api.calls.find((c) => c.name === 'model.preview')!.input as {
      tuning: Record<string, unknown>;
    };
    expect(sent.tuning).toMatchObject({
      trees: 300,
      sampleSize: 'auto',
      threshold: null,
      disabledFeatures: ['path_entropy'],
    });
    // On the first preview the lists are filled, and the count is their rows.
    expect(
      screen.getByText(
        '2 entities would flip against the current parameters (1 newly flagged, 1 no longer flagged).',
      ),
    ).toBeTruthy();
    expect(list('Newly flagged')).toMatchObject({ count: 1, rows: 1 });
    expect(list('No longer flagged')).toMatchObject({ count: 1, rows: 1 });
    expect(within(list('No longer flagged').region).getByText('203.0.113.9')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Cohorts flagged (1)' })).toBeTruthy();

    // Drag the threshold up: both levels cut at 0.75, the lists follow without scoring again.
    fireEvent.change(screen.getByRole('slider'), { target: { value: '0.75' } });
    expect(
      (screen.getByRole('textbox', { name: 'Fixed score threshold' }) as HTMLInputElement).value,
    ).toBe('0.750');
    expect(
      screen.getByText(
        '4 entities would flip against the current parameters (1 newly flagged, 3 no longer flagged).',
      ),
    ).toBeTruthy();
    expect(list('Newly flagged')).toMatchObject({ count: 1, rows: 1 });
    expect(list('No longer flagged')).toMatchObject({ count: 3, rows: 3 });
    expect(api.calls.filter((c) => c.name === 'model.preview')).toHaveLength(1);
    expect(screen.queryByText(/parameters changed since this preview/)).toBeNull();

    // Down to 0.5: the whole-IP 203.0.113.6 (0.60) and the pair 203.0.113.4 (0.55) are newly flagged.
    fireEvent.change(screen.getByRole('slider'), { target: { value: '0.5' } });
    expect(list('Newly flagged')).toMatchObject({ count: 3, rows: 3 });
    expect(
      within(list('Newly flagged').region).getByRole('row', { name: /Whole IP 203\.0\.113\.6/ }),
    ).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Cohorts flagged (2)' })).toBeTruthy();

    // Typed below what the preview lists: no count it could not back with a list.
    fireEvent.change(screen.getByRole('textbox', { name: 'Fixed score threshold' }), {
      target: { value: '0.3' },
    });
    expect(screen.getByText(/Below 0\.450 this preview does not list every entity/)).toBeTruthy();
    expect(screen.queryByText(/would flip against/)).toBeNull();

    // Another parameter changed: the preview says it is out of date.
    fireEvent.change(trees, { target: { value: '250' } });
    expect(screen.getByText(/parameters changed since this preview/)).toBeTruthy();
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
            anomalies: [e('ip_ja4', '203.0.113.3', 0.9)],
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
    expect(
      await screen.findByText(/Applied. The run flagged 1 of 90 \(IP, JA4\) entities/),
    ).toBeTruthy();
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
        levels: levels.map((l) => ({ ...l, entities: 1, threshold: null, scored: [] })),
      }),
    });
    render(<ModelView />);
    fireEvent.click(await screen.findByRole('button', { name: 'Preview on the last window' }));
    expect(await screen.findByText(/too few to set a threshold/)).toBeTruthy();
    expect(screen.queryByRole('slider')).toBeNull();
  });
});
