import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SensorsStatus } from '../../../../common/api/sensors.js';
import type { FleetSensor, SensorsFleet } from '../../../../common/api/fleet.js';
import { fakeApi, resetApp } from '../../test/fake-api.js';
import { SensorsView } from './SensorsView.js';

const status: SensorsStatus = {
  sensor: 'edge-1',
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

const sensor = (name: string, over: Partial<FleetSensor> = {}): FleetSensor => ({
  sensor: name,
  host: `${name}.example.net`,
  instance: `${name}.example.net/100/ab12cd34`,
  role: 'sensor',
  version: '0.1.0',
  startedAt: '2026-11-24T10:00:00Z',
  interfaces: ['eth0'],
  lastSeen: '2026-11-24T10:05:00Z',
  ageSeconds: 4,
  health: 'ok',
  problems: [],
  packets: 1000,
  kernelDrops: 0,
  eventsDropped: 0,
  captureDropped: 0,
  requestsIn: 10,
  rowsWritten: 500,
  rowsQueued: 0,
  spoolBytes: 0,
  packetsPerSecond: 250,
  rowsPerSecond: 12,
  ...over,
});
const fleet: SensorsFleet = {
  silentAfterSeconds: 60,
  sensors: [sensor('web-1'), sensor('web-2', { health: 'silent', ageSeconds: 300 })],
  detectorWindows: [
    { windowEnd: '2026-11-24T10:05:00Z', holder: 'ui-1/42/x', outcome: 'ok', anomalies: 2 },
  ],
};
const noFleet = async () => ({ silentAfterSeconds: 60, sensors: [], detectorWindows: [] });

beforeEach(() => resetApp('sensors'));
afterEach(cleanup);

describe('SensorsView', () => {
  it('shows workers with the remedy, ingest, correlator and writers', async () => {
    fakeApi({ 'sensors.status': async () => status, 'sensors.fleet': noFleet });
    render(<SensorsView />);
    const cap = within(await screen.findByRole('table', { name: 'Capture workers' }));
    expect(cap.getByText('1.2M')).toBeTruthy();
    // Each worker and the correlator named by the sensor its rows carry (issue 21: never named).
    const worker = cap.getAllByRole('row')[1]!;
    expect(within(worker).getAllByRole('cell')[0]!.textContent).toBe('edge-1');
    expect(within(worker).getAllByRole('cell')[1]!.textContent).toBe('eth0');
    expect(screen.getByRole('heading', { name: 'Correlator of sensor edge-1' })).toBeTruthy();
    // Sizes in one family of units: the ingest's 2,000,000 bytes, the writer's 4,096-byte spool.
    expect(
      within(screen.getByRole('table', { name: 'Ingest sources' })).getByText('1.9 MiB'),
    ).toBeTruthy();
    expect(
      within(screen.getByRole('table', { name: 'Storage writers' })).getByText('4.0 KiB'),
    ).toBeTruthy();
    expect(cap.getByText(/setcap cap_net_raw/)).toBeTruthy();
    expect(
      within(screen.getByRole('table', { name: 'Ingest sources' })).getByText('4'),
    ).toBeTruthy();
    expect(screen.getByText('Requests without a handshake')).toBeTruthy();
    expect(
      within(screen.getByRole('table', { name: 'Storage writers' })).getByText('120 ms'),
    ).toBeTruthy();
  });

  it('shows the outputs with their counters, a dropping one flagged', async () => {
    fakeApi({
      'sensors.status': async () => ({
        ...status,
        outputs: [
          {
            name: 'siem',
            kind: 'syslog-cef-tls',
            queued: 3,
            sent: 1200,
            dropped: 0,
            errors: 0,
            lastError: null,
          },
          {
            name: 'slack',
            kind: 'webhook',
            queued: 0,
            sent: 4,
            dropped: 2,
            errors: 2,
            lastError: 'webhook hooks.slack.com: HTTP 503',
          },
        ],
      }),
    });
    render(<SensorsView />);
    const t = within(await screen.findByRole('table', { name: 'Outputs' }));
    expect(t.getByText('syslog-cef-tls')).toBeTruthy();
    expect(t.getByText('1,200')).toBeTruthy();
    expect(t.getByText('webhook hooks.slack.com: HTTP 503').closest('tr')?.className).toBe('flag');
  });

  it('says when nothing is configured', async () => {
    fakeApi({
      'sensors.fleet': noFleet,
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
    expect(screen.getByRole('heading', { name: 'Correlator' })).toBeTruthy();
  });

  it('shows the error state', async () => {
    fakeApi({
      'sensors.status': async () => Promise.reject(new Error('no supervisor')),
      'sensors.fleet': noFleet,
    });
    render(<SensorsView />);
    expect((await screen.findByRole('alert')).textContent).toContain('no supervisor');
  });

  it('lists the whole fleet with last seen and health; a silent sensor is flagged', async () => {
    fakeApi({ 'sensors.status': async () => status, 'sensors.fleet': async () => fleet });
    render(<SensorsView />);
    const t = within(await screen.findByRole('table', { name: 'Fleet sensors' }));
    const rows = t.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-health'))).toEqual(['ok', 'silent']);
    expect(rows[0]!.className).toBe('');
    expect(rows[1]!.className).toBe('flag');
    expect(within(rows[0]!).getByText('web-1.example.net')).toBeTruthy();
    expect(within(rows[0]!).getByText('4 s ago')).toBeTruthy();
    expect(within(rows[0]!).getByText('250/s')).toBeTruthy();
    expect(within(rows[1]!).getByText('silent (> 60 s)')).toBeTruthy();
    expect(within(rows[1]!).getByText('5 min ago')).toBeTruthy();
    expect(screen.getByText(/Last detector window: .* by ui-1\/42\/x \(ok\)/)).toBeTruthy();
  });
});
