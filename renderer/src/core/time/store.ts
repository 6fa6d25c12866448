// The shared time range: its spec lives in the URL (router store), the timezone setting and the
// "now" anchor here. Every view asks useTimeWindow() for the absolute window to query.
import { useMemo } from 'react';
import { create } from 'zustand';
import { useRouter } from '../router/store.js';
import {
  rangeFromParams,
  rangeToParams,
  type RangeSpec,
  resolveRange,
  type TimeWindow,
} from './ranges.js';

const TZ_KEY = 'ja4ws.timezone';

function storedTz(): string {
  try {
    return localStorage.getItem(TZ_KEY) ?? 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Rounded to the minute so that views opened together share query keys. */
const minuteNow = () => Math.ceil(Date.now() / 60_000) * 60_000;

interface TimeState {
  timezone: string;
  anchor: number;
  setTimezone: (tz: string) => void;
  refresh: () => void;
}

export const useTime = create<TimeState>((set) => ({
  timezone: storedTz(),
  anchor: minuteNow(),
  setTimezone: (timezone) => {
    try {
      localStorage.setItem(TZ_KEY, timezone);
    } catch {
      /* private mode: the setting lasts for this page only */
    }
    set({ timezone });
  },
  refresh: () => set({ anchor: Math.max(minuteNow(), Date.now()) }),
}));

export function useRangeSpec(): RangeSpec {
  const params = useRouter((s) => s.route.params);
  return useMemo(() => rangeFromParams(params), [params]);
}

export function useTimeWindow(): TimeWindow {
  const spec = useRangeSpec();
  const anchor = useTime((s) => s.anchor);
  return useMemo(() => resolveRange(spec, anchor), [spec, anchor]);
}

export function setRange(spec: RangeSpec): void {
  useRouter.getState().setParams(rangeToParams(spec));
}

export const timezones = [
  'UTC',
  'local',
  'Europe/London',
  'Europe/Paris',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Australia/Sydney',
];
