import { describe, expect, it } from 'vitest';
import { hostAllowed, hostName, hostPolicy } from './host-check.js';

describe('Host header guard', () => {
  it('reads the name out of name:port and [v6]:port', () => {
    expect(hostName('Example.ORG.:8477')).toBe('example.org');
    expect(hostName('[::1]:8477')).toBe('::1');
    expect(hostName('::1')).toBe('::1');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
  });

  it('loopback daemon: loopback names and literals only, plus allowedHosts', () => {
    const p = hostPolicy('127.0.0.1', ['ja4.corp.example']);
    for (const h of [
      'localhost:1',
      '127.0.0.1:1',
      '[::1]:1',
      '127.0.1.1',
      'JA4.corp.example',
      undefined,
    ])
      expect(hostAllowed(h, p), String(h)).toBe(true);
    for (const h of [
      'evil.example',
      'localhost.evil.example',
      '10.0.0.1',
      '[::2]:1',
      '',
      'corp.example',
    ])
      expect(hostAllowed(h, p), h).toBe(false);
  });

  it('a daemon on all addresses answers any IP literal and the machine name, still no other name', () => {
    const p = hostPolicy('0.0.0.0');
    expect(hostAllowed('10.0.0.1:8477', p)).toBe(true);
    expect(hostAllowed('[2001:db8::1]:8477', p)).toBe(true);
    expect(hostAllowed('evil.example:8477', p)).toBe(false);
  });
});
