import { describe, expect, it } from 'vitest';
import type { PreviewEntity, PreviewLevel } from './model.js';
import { lowestExactThreshold, previewDiff } from './model-diff.js';

const e = (level: 'ip' | 'ip_ja4', ip: string, score: number): PreviewEntity => ({
  level,
  src_ip: ip,
  ja4: level === 'ip' ? '' : 't13d1516h2_8daaf6152771_02713d6af862',
  score,
  reasons: [`r${ip}`],
});
const level = (l: Partial<PreviewLevel> & Pick<PreviewLevel, 'level'>): PreviewLevel => ({
  entities: 10,
  threshold: 0.6,
  currentThreshold: 0.6,
  histogram: { edges: [], counts: [] },
  scored: [],
  floor: 0,
  current: [],
  ...l,
});

describe('previewDiff', () => {
  const levels = [
    level({
      level: 'ip_ja4',
      threshold: 0.6,
      scored: [
        e('ip_ja4', '10.0.0.1', 0.9),
        e('ip_ja4', '10.0.0.2', 0.65),
        e('ip_ja4', '10.0.0.3', 0.55),
      ],
      floor: 0.5,
      current: [e('ip_ja4', '10.0.0.1', 0.8), e('ip_ja4', '10.0.0.9', 0.7)],
    }),
    // The same address at the other level is another entity.
    level({
      level: 'ip',
      threshold: 0.7,
      scored: [e('ip', '10.0.0.2', 0.75), e('ip', '10.0.0.1', 0.62)],
      floor: 0.4,
      current: [e('ip', '10.0.0.1', 0.8)],
    }),
  ];

  it('flags each level above its own threshold and lists what changes against the current parameters', () => {
    const d = previewDiff(levels);
    expect(d.flagged.map((x) => `${x.level} ${x.src_ip}`)).toEqual([
      'ip_ja4 10.0.0.1',
      'ip 10.0.0.2',
      'ip_ja4 10.0.0.2',
    ]);
    expect(d.added.map((x) => `${x.level} ${x.src_ip}`)).toEqual([
      'ip 10.0.0.2',
      'ip_ja4 10.0.0.2',
    ]);
    expect(d.removed.map((x) => `${x.level} ${x.src_ip}`)).toEqual([
      'ip 10.0.0.1',
      'ip_ja4 10.0.0.9',
    ]);
    expect(d.unchanged).toBe(1);
  });

  it('at a dragged threshold both levels cut there, strictly above it as a run does', () => {
    const d = previewDiff(levels, 0.62);
    expect(d.flagged.map((x) => `${x.level} ${x.src_ip}`)).toEqual([
      'ip_ja4 10.0.0.1',
      'ip 10.0.0.2',
      'ip_ja4 10.0.0.2',
    ]);
    expect(previewDiff(levels, 0.5).added).toHaveLength(3);
    expect(lowestExactThreshold(levels)).toBe(0.5);
  });

  it('a level too thin to score flags nothing and removes what the current parameters flagged', () => {
    const d = previewDiff([
      level({ level: 'ip', threshold: null, current: [e('ip', '10.0.0.1', 0.8)] }),
    ]);
    expect(d.flagged).toEqual([]);
    expect(d.removed).toHaveLength(1);
  });
});
