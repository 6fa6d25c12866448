import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './web-preferences.js';

describe('renderer web preferences', () => {
  it('keep the renderer isolated, sandboxed and without Node', () => {
    expect(secureWebPreferences()).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
  it('point at the preload that exists beside them', () => {
    expect(existsSync(secureWebPreferences().preload)).toBe(true);
  });
});
