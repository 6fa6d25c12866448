import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchRow } from '../../../../common/api/search.js';
import { ApiCallError } from '../../../../common/api/http-client.js';
import { useRouter } from '../../core/router/store.js';
import { deferred, fakeApi, resetApp } from '../../test/fake-api.js';
import { SearchView } from './SearchView.js';
import { useSearchColumns } from './store.js';

const row = (i: number): SearchRow => ({
  ts: `2026-11-24T10:00:${String(i % 60).padStart(2, '0')}.000000Z`,
  sensor: 's1',
  src: `10.0.0.${i % 250}`,
  src_port: 40000 + i,
  dst: '192.0.2.10',
  dst_port: 443,
  sni: 'shop.example.com',
  alpn: 'h2',
  tls_version: '13',
  ja4: 't13d1516h2_8daaf6152771_02713d6af862',
  ja4s: '',
  ja3: 'cd08e31494f9531f560d64c695473da9',
  tls_upgrade: '',
  method: 'GET',
  host: 'shop.example.com',
  path: `/p/${i}`,
  status: 200,
  user_agent: 'curl/8.4.0',
  correlation: 'matched',
});
const params = { from: '2026-11-24T00:00:00.000Z', to: '2026-11-25T00:00:00.000Z' };

// jsdom lays nothing out: give the scroll container a viewport so the virtualizer has a window.
for (const prop of ['clientHeight', 'clientWidth'] as const)
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('virtual-scroll') ? 600 : 0;
    },
  });

beforeEach(() => {
  resetApp('search', { ...params, source: 'requests', ja4: 't13d*' });
  useSearchColumns.getState().reset();
});
afterEach(cleanup);

describe('SearchView', () => {
  it('sends the URL filters, then renders a virtualized table with pivots', async () => {
    const d = deferred();
    const api = fakeApi({ 'search.query': () => d.promise });
    render(<SearchView />);
    expect(screen.getByText(/Loading search results/)).toBeTruthy();
    expect(api.calls[0]!.input).toEqual({
      window: params,
      source: 'requests',
      filters: { ja4: 't13d*' },
      limit: 5000,
    });
    d.resolve({ rows: Array.from({ length: 5000 }, (_, i) => row(i)), total: 12_345 });
    const table = await screen.findByRole('table', { name: 'Search results' });
    expect(screen.getByText(/Showing the newest 5,000 of 12,345 matching requests/)).toBeTruthy();
    // Virtualized: thousands of results, only a screenful of rows in the DOM.
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBeGreaterThan(5));
    expect(within(table).getAllByRole('row').length).toBeLessThan(100);
    expect(
      within(table).getAllByRole('link', { name: '10.0.0.0' })[0]!.getAttribute('href'),
    ).toContain('#/ip?');
    expect(
      within(table).getAllByRole('link', { name: 'curl/8.4.0' })[0]!.getAttribute('href'),
    ).toContain('user_agent=curl');
  });

  it('chooses columns', async () => {
    fakeApi({ 'search.query': async () => ({ rows: [row(1)], total: 1 }) });
    render(<SearchView />);
    const table = await screen.findByRole('table', { name: 'Search results' });
    expect(within(table).queryByRole('columnheader', { name: 'ALPN' })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'ALPN' }));
    expect(within(table).getByRole('columnheader', { name: 'ALPN' })).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'User-Agent' }));
    expect(within(table).queryByRole('columnheader', { name: 'User-Agent' })).toBeNull();
  });

  it('puts submitted filters into the URL, dropping request filters for handshakes', async () => {
    fakeApi({
      'search.query': async () => ({ rows: [], total: 0 }),
      'overview.stats': async () => ({
        totals: { handshakes: 0, requests: 0, anomalies: 0, ips: 0, ja4s: 0 },
        series: [],
        bucketSeconds: 60,
        top: { ja4: [], ip: [], sni: [], host: [] },
        extent: { first: '2019-03-01T10:00:00.000Z', last: '2019-03-02T10:00:00.000Z' },
      }),
    });
    render(<SearchView />);
    expect(await screen.findByText(/No requests match these filters/)).toBeTruthy();
    // The empty state offers the range where stored data is.
    fireEvent.click(await screen.findByRole('button', { name: 'Search that range' }));
    expect(useRouter.getState().route.params).toMatchObject({
      from: '2019-03-01T10:00:00.000Z',
      to: '2019-03-02T10:00:00.000Z',
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'User-Agent' }), {
      target: { value: '*curl*' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'IP or CIDR' }), {
      target: { value: '10.0.0.0/8' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(useRouter.getState().route.params).toMatchObject({
      ip: '10.0.0.0/8',
      user_agent: '*curl*',
      source: 'requests',
      ja4: 't13d*',
    });
    fireEvent.click(screen.getByRole('radio', { name: /TLS handshakes/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(useRouter.getState().route.params.user_agent).toBeUndefined();
    expect(useRouter.getState().route.params.source).toBeUndefined();
  });

  it('shows the contract message naming the bad field', async () => {
    fakeApi({
      'search.query': async () => {
        throw new ApiCallError(
          400,
          'input.invalid',
          'search.query: filters.ip: expected an IPv4/IPv6 address or a CIDR block',
          'filters.ip',
        );
      },
    });
    render(<SearchView />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('filters.ip');
    expect(alert.textContent).toContain('Correct the value');
  });
});
