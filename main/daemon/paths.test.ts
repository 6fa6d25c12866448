import { describe, expect, it } from 'vitest';
import { ingestSocketDir, instanceId } from './paths.js';

describe('ingest socket directory of a daemon instance', () => {
  const primary = ['/root/.local/share/ja4ws', '/var/lib/ja4ws'];
  it('as root: /run/ja4ws for the default data directories, /run/ja4ws/<instance>/ otherwise', () => {
    expect(ingestSocketDir('/root/.local/share/ja4ws', true, primary)).toBe('/run/ja4ws');
    expect(ingestSocketDir('/var/lib/ja4ws/', true, primary)).toBe('/run/ja4ws');
    const a = ingestSocketDir('/srv/a', true, primary);
    const b = ingestSocketDir('/srv/b', true, primary);
    expect(a).toMatch(/^\/run\/ja4ws\/d-[0-9a-f]{12}$/);
    expect(b).not.toBe(a);
    // The same directory however it is spelled: the same instance.
    expect(ingestSocketDir('/srv/x/../a/', true, primary)).toBe(a);
    expect(instanceId('/srv/a')).toBe(a.slice('/run/ja4ws/'.length));
  });

  it('not root: the data directory itself', () => {
    expect(ingestSocketDir('/home/u/data', false, primary)).toBe('/home/u/data');
    expect(ingestSocketDir('/var/lib/ja4ws', false, primary)).toBe('/var/lib/ja4ws');
  });
});
