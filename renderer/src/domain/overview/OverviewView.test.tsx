import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OverviewStats } from '../../../../common/api/overview.js';
import { ApiCallError } from '../../../../common/api/http-client.js';
import { useRouter } from '../../core/router/store.js';
import { deferred, fakeApi, resetApp } from '../../test/fake-api.js';
import { OverviewView } from './OverviewView.js';

const stats: OverviewStats = {
  bucketSeconds: 600,
  series: [
    { t: '2026-11-24T10:00:00Z', handshakes: 1200, requests: 600, anomalies: 0 },
    { t: '2026-11-24T10:10:00Z', handshakes: 600, requests: 0, anomalies: 2 },
  ],
  totals: { handshakes: 1800, requests: 600, anomalies: 2, ips: 3, ja4s: 2 },
  top: {
    ja4: [
      { value: 't13d1516h2_8daaf6152771_02713d6af862', count: 1500, label: 'Chromium Browser' },
    ],
    ip: [{ value: '203.0.113.7', count: 900 }],
    sni: [{ value: 'app.slack.com', count: 40 }],
    host: [],
  },
  extent: { first: '2023-06-23T21:25:00Z', last: '2026-11-24T10:20:00Z' },
};
const handshakes = async () => ({ rows: [] });
const sensors = async () => ({
  captures: [],
  ingest: [{ name: 'http.socket', linesOk: 10, bytes: 100, connectionsOpen: 1, bad: { json: 2 } }],
  deadLetterWritten: 2,
  correlator: {},
  writers: [
    {
      table: 'http_logs',
      rowsWritten: 10,
      rowsQueued: 0,
      retries: 0,
      badInputs: 0,
      lagMs: 250,
      lastError: null,
    },
  ],
});

beforeEach(() =>
  resetApp('overview', { from: '2026-11-24T10:00:00.000Z', to: '2026-11-24T10:20:00.000Z' }),
);
afterEach(cleanup);

const mismatches = async () => ({ pairs: [], total: 0, requests: 0, checked: 3 });

describe('OverviewView', () => {
  it('shows loading, then totals formatted for people, top lists with pivots and labels', async () => {
    const d = deferred();
    const api = fakeApi({
      'overview.stats': () => d.promise,
      'handshakes.recent': handshakes,
      'sensors.status': sensors,
      'mismatch.list': mismatches,
    });
    render(<OverviewView />);
    expect(screen.getByText(/Loading the overview/)).toBeTruthy();
    expect(api.calls.find((c) => c.name === 'overview.stats')!.input).toEqual({
      window: { from: '2026-11-24T10:00:00.000Z', to: '2026-11-24T10:20:00.000Z' },
      top: 10,
    });
    d.resolve(stats);
    expect(await screen.findByText('1,800')).toBeTruthy();
    expect(screen.getByText('2/s')).toBeTruthy(); // (1800 + 600) / 1200 s
    const ja4 = within(screen.getByRole('region', { name: 'Top JA4s' }));
    expect(ja4.getByRole('link', { name: stats.top.ja4[0]!.value }).getAttribute('href')).toContain(
      '#/fingerprint?',
    );
    expect(ja4.getByText('Chromium Browser')).toBeTruthy();
    const ip = within(screen.getByRole('region', { name: 'Top client IPs' }));
    expect(ip.getByRole('link', { name: '203.0.113.7' }).getAttribute('href')).toMatch(
      /^#\/ip\?.*ip=203\.0\.113\.7/,
    );
    expect(screen.getByText(/No HTTP requests in this range/)).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Sensor health' }).textContent).toMatch(
      /0 of 0 capture workers running, 0 dropped, 2 bad ingest lines, writer lag 250 ms/,
    );
  });

  it('says when the range is empty and jumps to the stored data', async () => {
    const empty: OverviewStats = {
      ...stats,
      series: [],
      totals: { handshakes: 0, requests: 0, anomalies: 0, ips: 0, ja4s: 0 },
      top: { ja4: [], ip: [], sni: [], host: [] },
    };
    fakeApi({
      'overview.stats': async () => empty,
      'handshakes.recent': handshakes,
      'sensors.status': sensors,
      'mismatch.list': mismatches,
    });
    render(<OverviewView />);
    expect(await screen.findByText('No traffic in this time range.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show that range' }));
    expect(useRouter.getState().route.params).toMatchObject({
      from: stats.extent!.first,
      to: stats.extent!.last,
    });
  });

  it('tells a fresh install how to get data', async () => {
    fakeApi({
      'overview.stats': async () => ({
        ...stats,
        series: [],
        totals: { handshakes: 0, requests: 0, anomalies: 0, ips: 0, ja4s: 0 },
        top: { ja4: [], ip: [], sni: [], host: [] },
        extent: null,
      }),
      'handshakes.recent': handshakes,
      'sensors.status': sensors,
      'mismatch.list': mismatches,
    });
    render(<OverviewView />);
    expect(await screen.findByText(/Nothing is stored yet/)).toBeTruthy();
  });

  it('shows the error with what to do and a retry', async () => {
    let fail = true;
    fakeApi({
      'overview.stats': async () => {
        if (fail) throw new ApiCallError(500, 'internal', 'store unreachable');
        return stats;
      },
      'handshakes.recent': handshakes,
      'sensors.status': sensors,
      'mismatch.list': mismatches,
    });
    render(<OverviewView />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('store unreachable');
    expect(alert.textContent).toContain('daemon is running');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('1,800')).toBeTruthy();
  });

  it('aborts the call when the view goes away', async () => {
    const api = fakeApi({
      'overview.stats': () => new Promise(() => undefined),
      'handshakes.recent': handshakes,
      'sensors.status': sensors,
      'mismatch.list': mismatches,
    });
    const view = render(<OverviewView />);
    const signal = api.calls.find((c) => c.name === 'overview.stats')!.signal!;
    expect(signal.aborted).toBe(false);
    view.unmount();
    expect(signal.aborted).toBe(true);
  });
});
