// The preload runs here in a VM context with a fake `electron`, as Electron would run it in a
// sandboxed renderer, so the bridge is tested without an Electron binary.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bridgeArgPrefix, ipcChannel, type RendererBridge } from '../../../common/api/ipc.js';
import { operationNames } from '../../../common/api/contract.js';
import { bridgeArgument } from './bridge-argument.js';

const source = readFileSync(new URL('./preload.cjs', import.meta.url), 'utf8');

function loadPreload(argv: string[]) {
  const exposed: Record<string, unknown> = {};
  const invoked: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: 'answer' }),
    },
  };
  runInNewContext(source, {
    require: (m: string) => (m === 'electron' ? electron : undefined),
    process: { argv },
  });
  return { exposed, invoked };
}

describe('preload bridge', () => {
  it('exposes only invoke, forwarding known operations on the configured channel', async () => {
    const { exposed, invoked } = loadPreload(['electron', bridgeArgument()]);
    expect(Object.keys(exposed)).toEqual(['ja4wsBridge']);
    const bridge = exposed.ja4wsBridge as RendererBridge;
    expect(Object.keys(bridge)).toEqual(['invoke']);
    await expect(bridge.invoke('health.status', {})).resolves.toEqual({
      ok: true,
      value: 'answer',
    });
    expect(invoked).toEqual([[ipcChannel, 'health.status', {}]]);
  });

  it('refuses names outside the contract without reaching main', async () => {
    const { exposed, invoked } = loadPreload(['electron', bridgeArgument()]);
    const bridge = exposed.ja4wsBridge as RendererBridge;
    await expect(bridge.invoke('fs.readFile', {})).resolves.toMatchObject({
      ok: false,
      status: 404,
    });
    await expect(bridge.invoke({} as unknown as string, {})).resolves.toMatchObject({
      ok: false,
      status: 404,
    });
    expect(invoked).toEqual([]);
  });

  it('carries every operation of the contract', () => {
    const arg = bridgeArgument();
    expect(arg.startsWith(bridgeArgPrefix)).toBe(true);
    expect(JSON.parse(arg.slice(bridgeArgPrefix.length)).operations).toEqual(operationNames);
  });

  it('fails loudly without its configuration', () => {
    expect(() => loadPreload(['electron'])).toThrow(/no bridge configuration/);
  });
});
