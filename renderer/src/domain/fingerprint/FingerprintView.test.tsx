import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FingerprintProfile } from '../../../../common/api/fingerprint-profile.js';
import { deferred, fakeApi, resetApp } from '../../test/fake-api.js';
import { FingerprintView } from './FingerprintView.js';

const JA4 = 't13d1516h2_8daaf6152771_02713d6af862';
const chromium = {
  application: 'Chromium Browser',
  library: '',
  device: '',
  os: '',
  notes: '',
  family: 'chrome',
  source: 'FoxIO-LLC/ja4 ja4plus-mapping.csv',
  observed: 'published by FoxIO',
  method: 'public mapping',
  licence: 'BSD-3-Clause',
};
const profile: FingerprintProfile = {
  ja4: JA4,
  ja4_r: 't13d1516h2_002f,0035,1301_0005,000a,ff01_0403,0804',
  known: [chromium],
  knowledge: {
    confidence: 'exact',
    label: 'Chromium Browser',
    family: 'chrome',
    basis: 'exact match',
    entries: [chromium],
  },
  totals: {
    handshakes: 50,
    requests: 900,
    ips: 7,
    first_seen: '2026-11-20T10:00:00.000000Z',
    last_seen: '2026-11-24T10:00:00.000000Z',
  },
  ips: [{ value: '203.0.113.7', count: 40 }],
  userAgents: [{ value: 'Mozilla/5.0 Chrome/120.0', count: 800 }],
  snis: [],
  ja4s: [{ value: 't130200_1301_234ea6891581', count: 10 }],
  ja4x: [],
  ja3: [],
  hourly: [
    {
      hour: '2026-11-24T10:00:00Z',
      handshakes: 50,
      requests: 900,
      browser_share: 0.93,
      user_agents: 4,
      paths: 120,
      ips: 7,
    },
  ],
  ranks: { by_events: 2, by_ips: 1, of: 31 },
  family: [{ value: 't13d1517h2_8daaf6152771_b1ff8ab2d16f', count: 20, label: 'Chromium Browser' }],
};
const window = { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' };

beforeEach(() => resetApp('fingerprint', { ja4: JA4, ...window }));
afterEach(cleanup);

describe('FingerprintView', () => {
  it('decodes the JA4 and shows who uses it, signals, ranks and family', async () => {
    const d = deferred();
    const api = fakeApi({ 'fingerprint.profile': () => d.promise });
    render(<FingerprintView />);
    expect(screen.getByText(/Loading the fingerprint profile/)).toBeTruthy();
    expect(api.calls[0]!.input).toEqual({ ja4: JA4, window });
    d.resolve(profile);
    const decoded = within(await screen.findByRole('region', { name: 'What this JA4 says' }));
    expect(decoded.getByText('TLS 1.3')).toBeTruthy();
    expect(decoded.getByText('TLS_AES_128_GCM_SHA256')).toBeTruthy();
    expect(decoded.getByText('renegotiation_info')).toBeTruthy();
    const known = within(screen.getByRole('region', { name: 'Known as' }));
    expect(known.getByText('Chromium Browser', { selector: 'strong' })).toBeTruthy();
    expect(known.getByText('exact match, published mapping')).toBeTruthy();
    const entries = within(known.getByRole('table', { name: 'Knowledge base entries' }));
    expect(entries.getByText('BSD-3-Clause')).toBeTruthy();
    expect(entries.getByText('FoxIO-LLC/ja4 ja4plus-mapping.csv')).toBeTruthy();
    expect(decoded.getByText(/exact match, published mapping/)).toBeTruthy();
    expect(screen.getByText('2 of 31')).toBeTruthy();
    expect(screen.getByText('93%')).toBeTruthy();
    const family = within(screen.getByRole('region', { name: /Family/ }));
    expect(family.getByRole('link', { name: 't13d1517h2_8daaf6152771_b1ff8ab2d16f' })).toBeTruthy();
    expect(
      family.getByRole('link', { name: 'Search the whole family' }).getAttribute('href'),
    ).toContain('ja4=*_8daaf6152771_*');
  });

  it('says when a label is inferred from the family, and what it rests on', async () => {
    const observed = {
      ...chromium,
      application: 'Chromium 156.0.8078.129 headless',
      source: 'ja4-workstation capture clients/chromium-h2.pcap',
      observed: '2026-12-07',
    };
    fakeApi({
      'fingerprint.profile': async () => ({
        ...profile,
        known: [],
        knowledge: {
          confidence: 'family',
          label: 'Chromium 156.0.8078.129 headless',
          family: 'chrome',
          basis: 'same cipher list (8daaf6152771), protocol and TLS version as Chromium 156',
          entries: [observed],
        },
      }),
    });
    render(<FingerprintView />);
    const known = within(await screen.findByRole('region', { name: 'Known as' }));
    expect(
      known.getByText('same family as Chromium 156.0.8078.129 headless, inferred'),
    ).toBeTruthy();
    expect(known.getByText('2026-12-07')).toBeTruthy();
  });

  it('says when the JA4 is unknown and unseen in the range', async () => {
    fakeApi({
      'fingerprint.profile': async () => ({
        ...profile,
        ja4_r: '',
        known: [],
        knowledge: { confidence: 'none', label: '', family: '', basis: '', entries: [] },
        totals: { handshakes: 0, requests: 0, ips: 0, first_seen: null, last_seen: null },
        hourly: [],
        family: [],
        ranks: { by_events: null, by_ips: null, of: 0 },
      }),
    });
    render(<FingerprintView />);
    expect(await screen.findByText(/Not in the known-fingerprint list/)).toBeTruthy();
    expect(screen.getByText(/was not seen in the time range/)).toBeTruthy();
    expect(screen.getByText(/No raw form stored/)).toBeTruthy();
  });

  it('shows the error state', async () => {
    fakeApi({ 'fingerprint.profile': async () => Promise.reject(new Error('store down')) });
    render(<FingerprintView />);
    expect((await screen.findByRole('alert')).textContent).toContain('store down');
  });
});
