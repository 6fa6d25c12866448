// Every tuning parameter with its help text. The daemon validates (main/detector/ops/tuning.ts) and
// names the field on a 400; the form only converts text to the types the contract expects.
export interface FieldDef {
  key: string;
  label: string;
  help: string;
  kind: 'int' | 'auto-int' | 'auto-share' | 'share-or-empty' | 'bool';
  min?: number;
  max?: number;
}

export const fields: FieldDef[] = [
  {
    key: 'trees',
    label: 'Trees',
    kind: 'int',
    min: 10,
    max: 2000,
    help: 'More trees give steadier scores and cost more time (10–2000; 200 is plenty for most sites).',
  },
  {
    key: 'sampleSize',
    label: 'Sample size per tree',
    kind: 'auto-int',
    min: 16,
    max: 65536,
    help: '"auto" uses min(256, entities), as in the original paper; larger samples rarely help.',
  },
  {
    key: 'contamination',
    label: 'Contamination',
    kind: 'auto-share',
    min: 0,
    max: 0.5,
    help: 'Share of entities flagged per window (0–0.5), or "auto": flag scores above 0.5. Ignored when a fixed threshold is set.',
  },
  {
    key: 'threshold',
    label: 'Fixed score threshold',
    kind: 'share-or-empty',
    min: 0,
    max: 1,
    help: 'Flag scores above this value (0–1), at both levels. Empty: each level sets its own from the contamination. The slider under the preview histogram sets it.',
  },
  {
    key: 'windowMinutes',
    label: 'Window (minutes)',
    kind: 'int',
    min: 5,
    max: 1440,
    help: 'How much recent traffic each run scores (5–1440).',
  },
  {
    key: 'scheduleMinutes',
    label: 'Run every (minutes)',
    kind: 'int',
    min: 1,
    max: 1440,
    help: 'How often the detector runs (1–1440).',
  },
  {
    key: 'minRequests',
    label: 'Minimum requests',
    kind: 'int',
    min: 1,
    max: 1000000,
    help: 'Entities with fewer requests in the window are not scored: too little to judge.',
  },
  {
    key: 'seed',
    label: 'Random seed',
    kind: 'int',
    min: 0,
    max: 4294967295,
    help: 'Same seed and data give the same scores (reproducible runs).',
  },
  {
    key: 'ipLevel',
    label: 'Also score whole IPs',
    kind: 'bool',
    help: 'Besides each (IP, JA4) pair, score each IP across all its fingerprints.',
  },
  {
    key: 'cohortScoring',
    label: 'Score cohorts',
    kind: 'bool',
    help: 'Also score the IPs sharing a fingerprint (JA4, JA4 + User-Agent, JA4 + path class) as one group, and lift every IP of a flagged group, even IPs below the minimum requests: catches botnets that send a few requests per address.',
  },
  {
    key: 'cohortMinIps',
    label: 'Cohort: minimum IPs',
    kind: 'int',
    min: 2,
    max: 1000000,
    help: 'A fingerprint shared by fewer IPs in the window is not scored as a cohort (2–1000000).',
  },
];

export function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

/** Form text -> the value the contract takes ('auto' and numbers as typed; the daemon validates). */
export function fromText(def: FieldDef, text: string): unknown {
  const t = text.trim();
  if (def.kind === 'bool') return t === 'true';
  if ((def.kind === 'auto-int' || def.kind === 'auto-share') && t === 'auto') return 'auto';
  if (def.kind === 'share-or-empty' && t === '') return null;
  const n = Number(t);
  return t === '' || Number.isNaN(n) ? t : n;
}
