// What a selection of the triage queue blocks: the analyst's choice of addresses, JA4s or both,
// each with its score as the reason; a whole-IP entity (no JA4) and a partial JA4 add no JA4 entry.
import { describe, expect, it } from 'vitest';
import type { AnomalyEntity } from '../../../../common/api/anomalies.js';
import { selectionTargets } from './targets.js';

const entity = (src_ip: string, ja4: string, score: number): AnomalyEntity => ({
  entity_type: ja4 ? 'ip_ja4' : 'ip',
  src_ip,
  ja4,
  score,
  threshold: 0.6,
  reasons: ['rate 40/min', 'UA claims Chrome', 'third reason'],
  runs: 1,
  first_at: '2026-12-07T10:00:00Z',
  last_at: '2026-12-07T10:00:00Z',
  spark: [score],
  state: 'new',
  runs_since_state: 0,
});

const chosen = [
  entity('203.0.113.7', 't13d3112h2_e8f1e7e78f70_b26ce05bbdd6', 0.912),
  entity('2001:db8::9', '', 0.7),
  entity('198.51.100.4', 't13d1516h2_8daaf6152771', 0.65),
];

describe('selectionTargets', () => {
  it('addresses: one entry per selected entity, its score and first two reasons as the note', () => {
    expect(selectionTargets(chosen, 'ips')).toEqual([
      { ip: '203.0.113.7', note: 'score 0.91; rate 40/min; UA claims Chrome' },
      { ip: '2001:db8::9', note: 'score 0.70; rate 40/min; UA claims Chrome' },
      { ip: '198.51.100.4', note: 'score 0.65; rate 40/min; UA claims Chrome' },
    ]);
  });

  it('JA4s: only whole ones', () => {
    expect(selectionTargets(chosen, 'ja4s').map((t) => t.ja4)).toEqual([
      't13d3112h2_e8f1e7e78f70_b26ce05bbdd6',
    ]);
  });

  it('both: the addresses and the whole JA4s as separate entries', () => {
    const t = selectionTargets(chosen, 'both');
    expect(t.filter((x) => x.ip).length).toBe(3);
    expect(t.filter((x) => x.ja4).length).toBe(1);
    expect(t.every((x) => !(x.ip && x.ja4))).toBe(true);
  });
});
