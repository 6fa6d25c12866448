// The intake's disk-full behaviour in process: a "no space" report pauses the sources, capture
// records are counted as dropped (never queued), health says so, and space coming back resumes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../common/events/connection.js';
import { intakeParts } from './health.js';
import { Intake } from './intake.js';
import { DurabilityOptions } from './options.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('intake under a full disk', () => {
  it('pauses sources, counts capture records as dropped, alarms, and resumes when space returns', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja4ws-intake-'));
    const intake = new Intake(
      dir,
      DurabilityOptions.parse({ disk: { minFreeBytes: 0, resumeFreeBytes: 0, probeMs: 50 } }),
      pino({ level: 'silent' }),
      join(dir, 'journal'),
    );
    const pauses: boolean[] = [];
    intake.onPause((p) => pauses.push(p));
    const processed: ConnectionRecord[] = [];
    const rec = {
      ts_us: 1,
      src: '192.0.2.1',
      src_port: 1,
      dst: '192.0.2.2',
      dst_port: 443,
    } as unknown as ConnectionRecord;

    intake.capture(rec, false, (r) => processed.push(r));
    expect(processed).toHaveLength(1);

    intake.disk.report(
      Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
      'spool',
    );
    expect(pauses).toEqual([true]);
    for (let i = 0; i < 1000; i++) intake.capture(rec, false, (r) => processed.push(r));
    expect(processed).toHaveLength(1);
    const s = intake.stats();
    expect(s.captureDroppedDiskFull).toBe(1000);
    expect(s.paused).toBe(true);
    const disk = intakeParts(s).find((p) => p.name === 'disk')!;
    expect(disk.state).toBe('down');
    expect(disk.detail).toMatch(/spool: ENOSPC.*1000 capture record\(s\) dropped/);
    // Other failures are not "disk full".
    intake.disk.report(new Error('connect ECONNREFUSED'), 'insert');

    intake.disk.probe(); // the real disk has more than 0 bytes free
    expect(pauses).toEqual([true, false]);
    expect(intakeParts(intake.stats()).find((p) => p.name === 'disk')!.state).toBe('ok');
    intake.capture(rec, true, (r) => processed.push(r));
    expect(intake.stats().captureDroppedBackpressure).toBe(1); // saturated writers: dropped, counted
    await intake.stop([]);
  });
});
