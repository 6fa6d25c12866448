export * from './contract.js';
export * from './errors.js';
export * from './handshakes.js';
export * from './health.js';
export * from './operation.js';
