import { describe, expect, it } from 'vitest';
import { readCookie, SessionStore } from './sessions.js';

describe('SessionStore', () => {
  it('forgets a session idle too long, too old, or made with a token since rotated', () => {
    let now = 0;
    const s = new SessionStore({ idleMs: 1000, maxAgeMs: 5000, now: () => now });
    const a = s.create('tok');
    now = 900;
    expect(s.valid(a, 'tok')).toBe(true);
    now = 1800; // 900 ms after its last use: still alive
    expect(s.valid(a, 'tok')).toBe(true);
    now = 2900; // 1100 ms idle
    expect(s.valid(a, 'tok')).toBe(false);
    const b = s.create('tok');
    for (now = 3000; now <= 7900; now += 900) expect(s.valid(b, 'tok')).toBe(now - 2900 <= 5000);
    const c = s.create('tok');
    expect(s.valid(c, 'other')).toBe(false);
    expect(s.valid(c, 'tok')).toBe(false); // refused once, gone
  });

  it('keeps at most maxSessions, the oldest forgotten', () => {
    const s = new SessionStore({ maxSessions: 3 });
    const ids = Array.from({ length: 5 }, () => s.create('t'));
    expect(s.size).toBe(3);
    expect(ids.map((id) => s.valid(id, 't'))).toEqual([false, false, true, true, true]);
  });

  it('reads one cookie out of a header', () => {
    expect(readCookie('a=1; ja4ws_session_80=xyz; b=2', 'ja4ws_session_80')).toBe('xyz');
    expect(readCookie('ja4ws_session_8080=xyz', 'ja4ws_session_80')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });
});
