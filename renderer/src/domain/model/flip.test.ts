import { describe, expect, it } from 'vitest';
import { wouldFlip } from './flip.js';

const h = { edges: [0, 0.25, 0.5, 0.75], counts: [10, 20, 8, 2] };

describe('wouldFlip', () => {
  it('counts flagged entities that fall below a raised threshold exactly', () => {
    expect(wouldFlip([0.8, 0.76, 0.9], h, 0.75, 0.85)).toEqual({
      unflag: 2,
      flag: 0,
      approximate: false,
    });
  });
  it('counts whole bins between a lowered threshold and the current one', () => {
    expect(wouldFlip([0.8], h, 0.75, 0.5)).toEqual({ unflag: 0, flag: 8, approximate: false });
    expect(wouldFlip([0.8], h, 0.75, 0.625)).toEqual({ unflag: 0, flag: 4, approximate: true });
  });
});
