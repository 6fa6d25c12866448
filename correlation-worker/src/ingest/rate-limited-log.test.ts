import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RateLimitedLog } from './rate-limited-log.js';

describe('RateLimitedLog', () => {
  it('logs at most `limit` lines per kind per interval, then says how many it suppressed', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        cb();
      },
    });
    let now = 0;
    const log = new RateLimitedLog(pino({ level: 'warn' }, sink), 3, 1000, () => now);
    for (let i = 0; i < 10; i++) log.warn('malformed_json', { i }, 'bad');
    log.warn('oversize', {}, 'big');
    now = 1500;
    log.warn('malformed_json', { i: 99 }, 'bad');
    expect(lines.filter((l) => l.msg === 'bad').map((l) => l.i)).toEqual([0, 1, 2, 99]);
    expect(lines.filter((l) => l.msg === 'big')).toHaveLength(1);
    expect(lines.find((l) => l.suppressed !== undefined)).toMatchObject({
      kind: 'malformed_json',
      suppressed: 7,
    });
  });
});
