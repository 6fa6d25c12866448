// How the two levels a run scores are named on screen.
import type { EntityLevel } from '../../../../common/api/model.js';

export const LEVEL_NAMES: Record<EntityLevel, string> = {
  ip_ja4: 'IP + JA4',
  ip: 'Whole IP',
};
