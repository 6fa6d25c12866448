import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SensorsStatus } from '../../../../common/api/sensors.js';
import { fakeApi, resetApp } from '../../test/fake-api.js';
import { SensorsView } from './SensorsView.js';

const status: SensorsStatus = {
  captures: [
    {
      name: 'eth0',
      state: 'crash-loop',
      pid: null,
      since: '2026-11-24T10:00:00Z',
      source: 'tcpdump',
      iface: 'eth0',
      lastError: 'permission denied',
      remedy: 'setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump)',
      restarts: 5,
      recentCrashes: 5,
      packets: 1_234_567,
      bytes: 0,
      kernelDrops: 12,
      ifaceDrops: null,
      flowsOpen: 0,
      flowsEvicted: 0,
      eventsSent: 1000,
      eventsDropped: 3,
      decodeErrors: { truncated: 2 },
      rssBytes: 0,
    },
  ],
  ingest: [
    { name: 'http.socket', linesOk: 5000, bytes: 2_000_000, connectionsOpen: 2, bad: { json: 4 } },
  ],
  deadLetterWritten: 4,
  correlator: { matched: 4900, requestOnly: 100 },
  writers: [
    {
      table: 'http_logs',
      rowsWritten: 5000,
      rowsQueued: 10,
      retries: 0,
      badInputs: 0,
      lagMs: 120,
      lastError: null,
      spooling: true,
      spoolBytes: 4096,
      spoolFull: false,
      rowsRejected: 0,
    },
  ],
};

beforeEach(() => resetApp('sensors'));
afterEach(cleanup);

describe('SensorsView', () => {
  it('shows workers with the remedy, ingest, correlator and writers', async () => {
    fakeApi({ 'sensors.status': async () => status });
    render(<SensorsView />);
    const cap = within(await screen.findByRole('table', { name: 'Capture workers' }));
    expect(cap.getByText('1.2M')).toBeTruthy();
    expect(cap.getByText(/setcap cap_net_raw/)).toBeTruthy();
    expect(
      within(screen.getByRole('table', { name: 'Ingest sources' })).getByText('4'),
    ).toBeTruthy();
    expect(screen.getByText('request only')).toBeTruthy();
    expect(
      within(screen.getByRole('table', { name: 'Storage writers' })).getByText('120 ms'),
    ).toBeTruthy();
  });

  it('says when nothing is configured', async () => {
    fakeApi({
      'sensors.status': async () => ({
        captures: [],
        ingest: [],
        deadLetterWritten: 0,
        correlator: {},
        writers: [],
      }),
    });
    render(<SensorsView />);
    expect(await screen.findByText(/No capture worker is configured/)).toBeTruthy();
  });

  it('shows the error state', async () => {
    fakeApi({ 'sensors.status': async () => Promise.reject(new Error('no supervisor')) });
    render(<SensorsView />);
    expect((await screen.findByRole('alert')).textContent).toContain('no supervisor');
  });
});
