// What the triage queue's selection blocks: each entity's address, its JA4, or both. An entity of
// the address as a whole has no JA4 (ja4 ''), and a partial JA4 (an import's) cannot make a rule.
import type { AnomalyEntity } from '../../../../common/api/anomalies.js';
import { type BlockTarget, WHOLE_JA4 } from '../../../../common/api/blocklist.js';

export type BlockWhat = 'ips' | 'ja4s' | 'both';

/** Why, as the rule's comment: the latest score and its first reasons. */
const noteOf = (e: AnomalyEntity): string =>
  [`score ${e.score.toFixed(2)}`, ...e.reasons.slice(0, 2)].join('; ').slice(0, 200);

export function selectionTargets(
  entities: readonly AnomalyEntity[],
  what: BlockWhat,
): BlockTarget[] {
  const out: BlockTarget[] = [];
  for (const e of entities) {
    const note = noteOf(e);
    if (what !== 'ja4s') out.push({ ip: e.src_ip, note });
    if (what !== 'ips' && WHOLE_JA4.test(e.ja4)) out.push({ ja4: e.ja4, note });
  }
  return out;
}
