// The renderer's web preferences, in one place so a unit test pins every security flag.
import { fileURLToPath } from 'node:url';
import { bridgeArgument } from './bridge-argument.js';

export function secureWebPreferences() {
  return {
    preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    additionalArguments: [bridgeArgument()],
  } as const;
}
