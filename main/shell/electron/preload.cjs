// Sandboxed preload (CommonJS: sandboxed preloads cannot be ES modules). It exposes exactly one
// function, invoke(name, input), and only for the operations main named at window creation;
// nothing of Node or Electron reaches the page.
'use strict';
const { contextBridge, ipcRenderer } = require('electron');

const prefix = '--ja4ws-bridge=';

function readBridgeConfig(argv) {
  const arg = argv.find((a) => typeof a === 'string' && a.startsWith(prefix));
  if (!arg) throw new Error('ja4ws preload: no bridge configuration in additionalArguments');
  const config = JSON.parse(arg.slice(prefix.length));
  if (typeof config.channel !== 'string' || !Array.isArray(config.operations)) {
    throw new Error('ja4ws preload: malformed bridge configuration');
  }
  return { channel: config.channel, operations: new Set(config.operations.map(String)) };
}

const bridge = readBridgeConfig(process.argv);

contextBridge.exposeInMainWorld('ja4wsBridge', {
  invoke(name, input) {
    if (typeof name !== 'string' || !bridge.operations.has(name)) {
      return Promise.resolve({
        ok: false,
        status: 404,
        error: { code: 'operation.unknown', message: `unknown operation "${String(name)}"` },
      });
    }
    return ipcRenderer.invoke(bridge.channel, name, input);
  },
});
