// The intake's parts in the health report: the disk (down while full, with why and since when)
// and the journal (degraded while lines go unjournaled or records were quarantined).
import type { z } from 'zod';
import type { PartHealth } from '../../common/api/health.js';
import type { IntakeStats } from './intake.js';

type Health = z.infer<typeof PartHealth>;

export function intakeParts(s: IntakeStats): Health[] {
  const disk: Health = s.disk.full
    ? {
        name: 'disk',
        state: 'down',
        detail:
          `disk full since ${s.disk.since}: ${s.disk.reason}; intake paused, ` +
          `${s.captureDroppedDiskFull} capture record(s) dropped so far; resumes by itself when space returns`,
      }
    : {
        name: 'disk',
        state: 'ok',
        detail: s.disk.freeBytes >= 0 ? `${s.disk.freeBytes} bytes free` : undefined,
      };
  const j = s.journal;
  if (!j) return [disk];
  const problems: string[] = [];
  if (j.blocked) problems.push('journal writes failing');
  if (j.unjournaled > 0) problems.push(`${j.unjournaled} line(s) processed without a journal copy`);
  if (j.quarantined > 0) problems.push(`${j.quarantined} damaged journal part(s) quarantined`);
  if (s.pausedFor.includes('writers')) problems.push('writers saturated: intake held back');
  return [
    disk,
    {
      name: 'intake-journal',
      state: problems.length > 0 ? 'degraded' : 'ok',
      detail: [
        `seq ${j.lastSeq}, checkpoint ${j.checkpointSeq}, ${j.bytes} bytes`,
        s.replayed > 0
          ? `${s.replayed} replayed after a crash (${s.replaySkippedRows} rows already stored)`
          : '',
        ...problems,
      ]
        .filter(Boolean)
        .join('; '),
    },
  ];
}
