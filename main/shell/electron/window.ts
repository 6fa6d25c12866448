// The main window, hardened per Electron's security checklist: isolated, sandboxed renderer with
// no Node, web security on, no navigation away from the app, no new windows, no permissions.
import { join } from 'node:path';
import { BrowserWindow, session, shell } from 'electron';
import { appOrigin, isAppUrl } from './app-protocol.js';
import { secureWebPreferences } from './web-preferences.js';
import { loadWindowState, saveWindowState } from './window-state.js';

export function createMainWindow(dataDir: string): BrowserWindow {
  const stateFile = join(dataDir, 'window-state.json');
  const state = loadWindowState(stateFile);
  const win = new BrowserWindow({
    ...state,
    show: false,
    title: 'ja4-workstation',
    webPreferences: {
      ...secureWebPreferences(),
      additionalArguments: [...secureWebPreferences().additionalArguments],
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the system browser, never inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );

  win.on('close', () => {
    const b = win.getNormalBounds();
    saveWindowState(stateFile, {
      x: b.x,
      y: b.y,
      width: b.width,
      height: b.height,
      maximized: win.isMaximized(),
    });
  });
  void win.loadURL(`${appOrigin}/index.html`);
  return win;
}
