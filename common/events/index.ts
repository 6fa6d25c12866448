export * from './connection.js';
export * from './worker.js';
export * from './http-request.js';
export * from './correlated.js';
