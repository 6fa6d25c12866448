import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IpProfile } from '../../../../common/api/ip-profile.js';
import { useRouter } from '../../core/router/store.js';
import { deferred, fakeApi, resetApp } from '../../test/fake-api.js';
import { IpProfileView } from './IpProfileView.js';

const profile: IpProfile = {
  ip: '203.0.113.7',
  totals: {
    handshakes: 12,
    requests: 340,
    first_seen: '2026-11-24T10:00:00.000000Z',
    last_seen: '2026-11-24T11:00:00.000000Z',
  },
  bucketSeconds: 600,
  timeline: [{ t: '2026-11-24T10:00:00Z', handshakes: 12, requests: 340 }],
  fingerprints: [
    {
      ja4: 't13d1516h2_8daaf6152771_02713d6af862',
      count: 12,
      first_seen: '2026-11-24T10:00:00.000000Z',
      last_seen: '2026-11-24T11:00:00.000000Z',
      application: 'Chromium Browser',
    },
  ],
  consistency: [
    {
      ja4: 't12d4605h2_85626a9a5f7f_aaf95bb78ec9',
      user_agent: 'Mozilla/5.0 Chrome/120.0',
      count: 300,
      ua_family: 'chrome',
      ja4_application: '',
      verdict: 'mismatch',
    },
  ],
  snis: [{ value: 'shop.example.com', count: 12 }],
  paths: [{ value: '/login', count: 300 }],
  statuses: [{ value: '401', count: 290 }],
  timing: {
    requests: 340,
    mean_gap_ms: 950,
    cv_gap: 0.04,
    p50_duration_ms: 12,
    p95_duration_ms: 40,
    peak_per_minute: 70,
  },
  activeDays: [{ day: '2026-11-24', events: 352 }],
  recurrence: {
    days_seen: 3,
    first_seen: '2026-11-20T10:00:00.000000Z',
    last_seen: '2026-11-24T10:00:00.000000Z',
    anomaly_count: 5,
    max_score: 0.71,
  },
  anomalies: [
    {
      detected_at: '2026-11-24T11:05:00.000000Z',
      entity_type: 'ip',
      ja4: '',
      model_id: 'm1',
      score: 0.71,
      threshold: 0.6,
      reasons: ['many failed logins'],
      state: 'new',
    },
  ],
  anomaly_total: 1,
};
const window = { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' };

beforeEach(() => resetApp('ip', { ip: '203.0.113.7', ...window }));
afterEach(cleanup);

describe('IpProfileView', () => {
  it('loads, then shows fingerprints, UA mismatch, timing, recurrence and anomalies', async () => {
    const d = deferred();
    const api = fakeApi({ 'ip.profile': () => d.promise });
    render(<IpProfileView />);
    expect(screen.getByText(/Loading the IP profile/)).toBeTruthy();
    expect(api.calls[0]!.input).toEqual({ ip: '203.0.113.7', window });
    d.resolve(profile);
    const fps = within(await screen.findByRole('region', { name: 'Fingerprints used' }));
    expect(fps.getByText('Chromium Browser')).toBeTruthy();
    const ua = within(screen.getByRole('region', { name: 'User-Agents vs fingerprints' }));
    expect(ua.getByText('Mismatch')).toBeTruthy();
    expect(
      ua.getByRole('link', { name: 'Mozilla/5.0 Chrome/120.0' }).getAttribute('href'),
    ).toContain('#/search?');
    expect(screen.getByText('950 ms')).toBeTruthy();
    expect(screen.getByText('0.04')).toBeTruthy();
    expect(
      within(screen.getByRole('region', { name: '30-day recurrence' })).getByText('3'),
    ).toBeTruthy();
    expect(
      within(screen.getByRole('region', { name: 'Anomaly history' })).getByText(
        'many failed logins',
      ),
    ).toBeTruthy();
  });

  it('says when the IP was quiet in the range', async () => {
    fakeApi({
      'ip.profile': async () => ({
        ...profile,
        totals: { handshakes: 0, requests: 0, first_seen: null, last_seen: null },
        fingerprints: [],
        consistency: [],
        anomalies: [],
        recurrence: null,
      }),
    });
    render(<IpProfileView />);
    expect(await screen.findByText(/sent nothing in this time range/)).toBeTruthy();
    expect(screen.getByText('The detector never flagged this IP.')).toBeTruthy();
  });

  it('asks for an IP when none is given, and refuses a malformed one without calling', async () => {
    resetApp('ip', {});
    const api = fakeApi({});
    render(<IpProfileView />);
    expect(screen.getByText(/Choose an IP/)).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'IP address' }), {
      target: { value: "1.2.3.4' OR 1=1" },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(screen.getByRole('alert').textContent).toMatch(/one IPv4 or IPv6 address/);
    expect(api.calls).toHaveLength(0);
    fireEvent.change(screen.getByRole('textbox', { name: 'IP address' }), {
      target: { value: '2001:db8::1' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(useRouter.getState().route).toMatchObject({ view: 'ip', params: { ip: '2001:db8::1' } });
  });

  it('shows the error state', async () => {
    fakeApi({ 'ip.profile': async () => Promise.reject(new Error('timeout')) });
    render(<IpProfileView />);
    expect((await screen.findByRole('alert')).textContent).toContain('timeout');
  });
});
