// Persisted tuning: one JSON value under the key 'detector.tuning' in the store's schema_settings
// table (append-only, latest value wins; the storage layer's small key/value table). A stored
// value that no longer validates (e.g. a feature that was removed) falls back to the defaults and
// says so, rather than stopping the schedule.
import { issuesMessage } from '../../../common/util/zod-issues.js';
import type { Store } from '../../storage/index.js';
import { readSettings, writeSetting } from '../../storage/migrations/settings-table.js';
import { DEFAULT_TUNING, Tuning } from './tuning.js';

export const TUNING_KEY = 'detector.tuning';

export interface LoadedTuning {
  tuning: Tuning;
  /** Set when a stored value was invalid and the defaults are in use. */
  warning?: string;
}

export async function loadTuning(store: Store): Promise<LoadedTuning> {
  const raw = (await readSettings(store)).get(TUNING_KEY);
  if (raw === undefined) return { tuning: DEFAULT_TUNING };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return {
      tuning: DEFAULT_TUNING,
      warning: 'stored detector tuning is not JSON; using defaults',
    };
  }
  const parsed = Tuning.safeParse(json);
  if (!parsed.success) {
    return {
      tuning: DEFAULT_TUNING,
      warning: `stored detector tuning is invalid (${issuesMessage(parsed.error.issues, json)}); using defaults`,
    };
  }
  return { tuning: parsed.data };
}

export async function saveTuning(store: Store, tuning: Tuning): Promise<void> {
  await writeSetting(store, TUNING_KEY, JSON.stringify(tuning));
}
