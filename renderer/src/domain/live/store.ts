// The Live view's buffer: polled from live.poll, appended once per poll (one render per batch,
// whatever the event rate), capped so memory stays flat at thousands of events per second.
import { create } from 'zustand';
import type { LiveEvent } from '../../../../common/api/live.js';
import { api } from '../../core/api/client.js';

export const LIVE_CAP = 5000;
export const POLL_MS = 250;

interface LiveState {
  events: LiveEvent[];
  last: number | undefined;
  paused: boolean;
  missed: number;
  received: number;
  error: string | undefined;
  rate: number;
  setPaused: (p: boolean) => void;
  /** One poll; returns when the answer is applied. */
  poll: (signal?: AbortSignal) => Promise<void>;
  reset: () => void;
}

export const useLive = create<LiveState>((set, get) => ({
  events: [],
  last: undefined,
  paused: false,
  missed: 0,
  received: 0,
  error: undefined,
  rate: 0,
  setPaused: (paused) => set({ paused }),
  poll: async (signal) => {
    const started = performance.now();
    try {
      const last = get().last;
      const r = await api().call(
        'live.poll',
        { ...(last !== undefined ? { after: last } : {}), limit: 5000 },
        signal ? { signal } : {},
      );
      if (signal?.aborted) return;
      const s = get();
      // Paused: keep the cursor moving so resuming shows now, not a backlog.
      const events =
        s.paused || r.events.length === 0
          ? s.events
          : [...r.events.slice().reverse(), ...s.events].slice(0, LIVE_CAP);
      const seconds = Math.max(POLL_MS, performance.now() - started) / 1000;
      set({
        events,
        last: r.last,
        missed: s.missed + r.missed,
        received: s.received + r.events.length,
        rate: s.rate * 0.7 + (r.events.length / seconds) * 0.3,
        error: undefined,
      });
    } catch (err) {
      if (!signal?.aborted) set({ error: (err as Error).message });
    }
  },
  reset: () =>
    set({ events: [], last: undefined, missed: 0, received: 0, error: undefined, rate: 0 }),
}));
