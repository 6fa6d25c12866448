// Electron main process: the desktop face. Thin by design: the same core as the daemon, bound to
// IPC instead of HTTP, in a hardened window. Everything below this folder is tested through the
// daemon; this layer only runs where an Electron binary exists.
import { app, dialog, ipcMain } from 'electron';
import { bindIpc } from '../../api/ipc/bind-ipc.js';
import { configFrom } from '../../cli/config-options.js';
import { createLogger } from '../../core/log.js';
import { rendererDir } from '../../daemon/paths.js';
import { startCore, type Core } from '../../daemon/start-core.js';
import { errorMessage } from '../../../common/util/errors.js';
import { handleAppProtocol, isAppUrl, registerAppScheme } from './app-protocol.js';
import { createMainWindow } from './window.js';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the store; it gets focus through 'second-instance'.
  app.quit();
} else {
  void run();
}

async function run(): Promise<void> {
  const config = configFrom({});
  const log = createLogger(config.logLevel, 'ja4ws-desktop');
  let core: Core | undefined;

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!core) return;
    event.preventDefault();
    const stopping = core;
    core = undefined;
    void stopping.stop().finally(() => app.quit());
  });

  await app.whenReady();
  handleAppProtocol(rendererDir());
  try {
    core = await startCore(config, log);
  } catch (err) {
    dialog.showErrorBox('ja4-workstation cannot start', errorMessage(err));
    app.exit(1);
    return;
  }
  bindIpc(ipcMain, core.context, isAppUrl, log);
  const win = createMainWindow(config.dataDir);
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
}
