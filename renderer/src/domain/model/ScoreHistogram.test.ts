import { describe, expect, it } from 'vitest';
import { markerAt } from './ScoreHistogram.js';

// The daemon's histogram: 20 equal bins over [0, 1], by lower edge (detector/run/detect.ts).
const h = { edges: Array.from({ length: 20 }, (_, i) => i / 20), counts: new Array(20).fill(1) };

describe('markerAt', () => {
  it('puts a threshold in the bin holding it, at the nearest of its start, middle and end', () => {
    expect(markerAt(h, 0.49)).toEqual({ x: '0.45–0.50', band: 'end' });
    expect(markerAt(h, 0.5)).toEqual({ x: '0.50–0.55', band: 'start' });
    expect(markerAt(h, 0.525)).toEqual({ x: '0.50–0.55', band: 'middle' });
    expect(markerAt(h, 0.61)).toEqual({ x: '0.60–0.65', band: 'start' });
    expect(markerAt(h, 1)).toEqual({ x: '0.95–1.00', band: 'end' });
    expect(markerAt(h, 0)).toEqual({ x: '0.00–0.05', band: 'start' });
  });
});
