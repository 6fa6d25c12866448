// The triage queue's filters live in the URL (states, level, text, sort), so a shared link opens
// the same queue.
import type { AnomalyState, EntitySort } from '../../../../common/api/anomalies.js';
import { stateLabels } from './key.js';

export const STATES = Object.keys(stateLabels) as AnomalyState[];
const SORTS: EntitySort[] = ['score', 'last', 'runs', 'ip'];

export interface QueueFilters {
  states: AnomalyState[];
  level: 'ip' | 'ip_ja4' | undefined;
  text: string;
  sort: EntitySort;
  desc: boolean;
}

export function filtersOf(params: Record<string, string>): QueueFilters {
  const sort = (SORTS as string[]).includes(params.sort ?? '')
    ? (params.sort as EntitySort)
    : 'score';
  return {
    states: (params.states ?? 'new,investigating')
      .split(',')
      .filter((s): s is AnomalyState => (STATES as string[]).includes(s)),
    level: params.level === 'ip' || params.level === 'ip_ja4' ? params.level : undefined,
    text: params.q ?? '',
    sort,
    // Addresses read best A to Z; numbers and times highest first.
    desc: params.dir ? params.dir !== 'asc' : sort !== 'ip',
  };
}
