import { describe, expect, it } from 'vitest';
import { LiveBuffer } from './live-buffer.js';

const ev = (i: number) => ({
  ts: new Date(i).toISOString(),
  kind: 'connection' as const,
  src: '10.0.0.1',
  src_port: i,
});

describe('LiveBuffer', () => {
  it('returns events after a cursor, oldest first, and the new cursor', () => {
    const b = new LiveBuffer(10);
    for (let i = 0; i < 5; i++) b.push(ev(i));
    expect(b.since(undefined, 3).events.map((e) => e.seq)).toEqual([2, 3, 4]);
    const r = b.since(1, 100);
    expect(r.events.map((e) => e.src_port)).toEqual([2, 3, 4]);
    expect(r.last).toBe(4);
    expect(b.since(4, 100)).toEqual({ events: [], last: 4, missed: 0 });
  });

  it('tells a slow client how many events it missed instead of growing', () => {
    const b = new LiveBuffer(4);
    for (let i = 0; i < 10; i++) b.push(ev(i));
    const r = b.since(2, 100);
    expect(r.missed).toBe(3);
    expect(r.events.map((e) => e.seq)).toEqual([6, 7, 8, 9]);
  });

  it('pages with the limit', () => {
    const b = new LiveBuffer(100);
    for (let i = 0; i < 10; i++) b.push(ev(i));
    const first = b.since(-1, 4);
    expect(first.events.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(b.since(first.last, 4).events.map((e) => e.seq)).toEqual([4, 5, 6, 7]);
  });
});
