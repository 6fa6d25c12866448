// Defaults for a detection run (chosen on the generator's default scenario; see docs/detector.md).
import { FEATURE_NAMES } from './features/catalog.js';
import type { DetectParams } from './run/detect.js';

export const DEFAULT_WINDOW_MS = 3_600_000;
export const DEFAULT_MIN_REQUESTS = 5;

export const DEFAULT_DETECT_PARAMS: DetectParams = {
  nEstimators: 200,
  maxSamples: 'auto',
  contamination: 'auto',
  seed: 42,
  features: FEATURE_NAMES,
};
