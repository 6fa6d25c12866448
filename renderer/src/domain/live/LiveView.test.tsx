import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../../../common/api/live.js';
import { fakeApi, resetApp } from '../../test/fake-api.js';
import { LiveView } from './LiveView.js';
import { LIVE_CAP, useLive } from './store.js';

for (const prop of ['clientHeight', 'clientWidth'] as const)
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('virtual-scroll') ? 600 : 0;
    },
  });

const ev = (seq: number, src = '198.51.100.1'): LiveEvent => ({
  seq,
  ts: '2026-11-24T10:00:00.000Z',
  kind: 'request',
  correlation: 'matched',
  src,
  src_port: 40000,
  host: 'shop.example.com',
  method: 'GET',
  path: `/p/${seq}`,
  status: 200,
  user_agent: 'curl/8.4.0',
  ja4: 't13d1516h2_8daaf6152771_02713d6af862',
});

beforeEach(() => {
  resetApp('live');
  useLive.getState().reset();
  useLive.getState().setPaused(false);
});
afterEach(cleanup);

describe('LiveView', () => {
  it('appends each poll as one batch, newest first, virtualized and capped', async () => {
    let next = 0;
    const api = fakeApi({
      'anomalies.list': async () => ({
        anomalies: [
          {
            src_ip: '198.51.100.9',
            ja4: '',
            detected_at: '2026-11-24 10:00:00',
            model_id: 'm',
            entity_type: 'ip',
            score: 1,
            threshold: 0.5,
            reasons: [],
            features: {},
            state: 'new',
          },
        ],
        counts: {},
      }),
      'live.poll': async () => {
        // 2,000 events per poll: the rate the view must keep up with.
        const events = Array.from({ length: 2000 }, (_, i) =>
          ev(next + i, i % 100 === 0 ? '198.51.100.9' : '198.51.100.1'),
        );
        next += 2000;
        return { events, last: next - 1, missed: 0 };
      },
    });
    render(<LiveView />);
    // Two polls 250 ms apart, each rendering 2,000 rows in jsdom: seconds on a loaded machine, so
    // the wait is bounded by the test's own timeout rather than waitFor's default second.
    await waitFor(() => expect(useLive.getState().events.length).toBeGreaterThanOrEqual(4000), {
      timeout: 20_000,
    });
    expect(useLive.getState().events.length).toBeLessThanOrEqual(LIVE_CAP);
    expect(useLive.getState().events[0]!.seq).toBeGreaterThan(useLive.getState().events[1]!.seq);
    const polls = api.calls.filter((c) => c.name === 'live.poll');
    expect(polls[1]!.input).toMatchObject({ after: 1999 });
    const table = screen.getByRole('table', { name: 'Live events' });
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBeGreaterThan(5));
    expect(within(table).getAllByRole('row').length).toBeLessThan(100);
    // IPs with open anomalies are highlighted.
    fireEvent.click(screen.getByRole('checkbox', { name: /Only IPs with open anomalies/ }));
    await waitFor(() =>
      expect(within(table).getAllByRole('link', { name: '198.51.100.9' }).length).toBeGreaterThan(
        0,
      ),
    );
    expect(within(table).queryAllByRole('link', { name: '198.51.100.1' })).toHaveLength(0);
  });

  it('pauses: the cursor moves on but the table holds still', async () => {
    let next = 0;
    fakeApi({
      'anomalies.list': async () => ({ anomalies: [], counts: {} }),
      'live.poll': async () => {
        next += 10;
        return {
          events: Array.from({ length: 10 }, (_, i) => ev(next - 10 + i)),
          last: next - 1,
          missed: 0,
        };
      },
    });
    render(<LiveView />);
    await waitFor(() => expect(useLive.getState().events.length).toBeGreaterThan(0));
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    const held = useLive.getState().events.length;
    const cursor = useLive.getState().last!;
    await waitFor(() => expect(useLive.getState().last!).toBeGreaterThan(cursor));
    expect(useLive.getState().events.length).toBe(held);
    expect(screen.getByRole('button', { name: 'Resume' })).toBeTruthy();
    // The status element counts what arrives while the table holds still (benchmarks read it).
    const status = screen.getByTestId('live-status');
    await waitFor(() =>
      expect(Number(status.getAttribute('data-received'))).toBeGreaterThan(held + 10),
    );
    expect(status.getAttribute('data-shown')).toBe(String(held));
    expect(status.getAttribute('data-missed')).toBe('0');
  });

  it('a row opens the event detail of its connection and time; what arrived live until stored', async () => {
    let stored = false;
    let polls = 0;
    const api = fakeApi({
      'anomalies.list': async () => ({ anomalies: [], counts: {} }),
      // One event, in the first poll only.
      'live.poll': async () => ({
        events:
          polls++ > 0
            ? []
            : [
                {
                  ...ev(7),
                  ts: '2026-11-24T10:00:00.123456Z',
                  dst: '192.0.2.10',
                  dst_port: 443,
                },
              ],
        last: 7,
        missed: 0,
      }),
      'search.detail': async () =>
        stored
          ? {
              request: [{ name: 'path', value: '/p/7' }],
              headers: [['User-Agent', 'curl/8.4.0']],
              handshake: null,
            }
          : { request: null, headers: [], handshake: null },
    });
    render(<LiveView />);
    const table = screen.getByRole('table', { name: 'Live events' });
    fireEvent.click(await within(table).findByText('GET /p/7'));
    const pane = await screen.findByRole('complementary', { name: 'Event detail' });
    // The same call Search makes, with the live event's own connection and microsecond time.
    await waitFor(() =>
      expect(api.calls.find((c) => c.name === 'search.detail')?.input).toEqual({
        source: 'requests',
        ts: '2026-11-24T10:00:00.123456Z',
        src: '198.51.100.1',
        src_port: 40000,
        dst: '192.0.2.10',
        dst_port: 443,
      }),
    );
    // Not stored yet: what the sensor delivered, and a way to look again.
    const live = within(await within(pane).findByRole('table', { name: 'Live event fields' }));
    expect(live.getByRole('row', { name: /^path/ }).textContent).toContain('/p/7');
    stored = true;
    fireEvent.click(within(pane).getByRole('button', { name: 'Look again' }));
    expect(await within(pane).findByRole('table', { name: 'Request fields' })).toBeTruthy();
    expect(within(pane).queryByRole('table', { name: 'Live event fields' })).toBeNull();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('complementary', { name: 'Event detail' })).toBeNull();
  });

  it('waits with an explanation, and shows a poll error', async () => {
    fakeApi({
      'anomalies.list': async () => ({ anomalies: [], counts: {} }),
      'live.poll': async () => Promise.reject(new Error('daemon gone')),
    });
    render(<LiveView />);
    expect(screen.getByText(/Waiting for events/)).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('daemon gone');
    await act(async () => undefined);
  });
});
