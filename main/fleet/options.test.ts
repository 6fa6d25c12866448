import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load.js';
import { roleParts, sensorNameOf } from './options.js';

const remote = { kind: 'remote', url: 'http://ch.example.net:8123' };
const load = (flags: Record<string, unknown>) =>
  loadConfig({ env: {}, flags: { dataDir: '/tmp/ja4ws-roles', ...flags }, settingsLayer: false });
const problem = (flags: Record<string, unknown>): string => {
  try {
    load(flags);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  return '';
};

describe('roles', () => {
  it('all is the default and runs everything, named as before', () => {
    const c = load({});
    expect(c.role).toBe('all');
    expect(roleParts(c)).toEqual({ pipeline: true, api: true, detector: true });
    expect(sensorNameOf(c)).toBe('local');
  });

  it('sensor: pipeline only, named after the host unless told', () => {
    const c = load({ role: 'sensor', store: remote });
    expect(roleParts(c)).toEqual({ pipeline: true, api: false, detector: false });
    expect(sensorNameOf(c)).toBe(hostname());
    expect(
      sensorNameOf(load({ role: 'sensor', store: remote, fleet: { sensorName: 'web-7' } })),
    ).toBe('web-7');
  });

  it('server: UI, API and detector; its own sensor only with fleet.serverSensor', () => {
    expect(roleParts(load({ role: 'server', store: remote }))).toEqual({
      pipeline: false,
      api: true,
      detector: true,
    });
    expect(
      roleParts(load({ role: 'server', store: remote, fleet: { serverSensor: true } })).pipeline,
    ).toBe(true);
  });

  it('refuses combinations that cannot work, naming the key and the fix', () => {
    expect(problem({ role: 'sensor' })).toMatch(
      /store\.kind.*role sensor writes into a shared ClickHouse: set store\.kind: remote/s,
    );
    expect(problem({ role: 'all', fleet: { serverSensor: true } })).toMatch(
      /fleet\.serverSensor.*is for role server/s,
    );
    expect(problem({ role: 'server', store: remote, capture: { interfaces: ['eth0'] } })).toMatch(
      /capture\.interfaces.*set fleet\.serverSensor: true/s,
    );
    expect(problem({ role: 'leader' })).toMatch(/role/);
    expect(problem({ fleet: { sensorName: 'bad name' } })).toMatch(/fleet\.sensorName/);
    expect(problem({ detector: { periodSeconds: 1 } })).toMatch(/detector\.periodSeconds/);
  });
});
