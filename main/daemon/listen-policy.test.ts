import { describe, expect, it } from 'vitest';
import { DaemonConfig } from '../config/schema.js';
import { isLoopback, listenPolicy } from './listen-policy.js';

describe('listenPolicy', () => {
  it('serves loopback without TLS', () => {
    expect(listenPolicy(DaemonConfig.parse({}))).toEqual({ tls: undefined, warning: undefined });
  });
  it('refuses other addresses without TLS or --insecure-listen', () => {
    expect(() => listenPolicy(DaemonConfig.parse({ host: '0.0.0.0' }))).toThrow(
      /refusing to serve plain HTTP on 0.0.0.0/,
    );
  });
  it('warns when forced', () => {
    expect(
      listenPolicy(DaemonConfig.parse({ host: '0.0.0.0', insecureListen: true })).warning,
    ).toMatch(/unencrypted/);
  });
  it('needs cert and key together', () => {
    expect(() => listenPolicy(DaemonConfig.parse({ host: '0.0.0.0', tlsCert: '/x.pem' }))).toThrow(
      /go together/,
    );
  });
  it('knows loopback', () => {
    expect(['127.0.0.1', '127.9.9.9', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::'].some(isLoopback)).toBe(false);
  });
});
