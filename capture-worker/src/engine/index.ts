export { createEngine, type Engine } from './engine.js';
export type { EngineOptions } from './options.js';
export type { EngineStats } from './stats.js';
export { JA4PLUS_FIELDS } from './record.js';
