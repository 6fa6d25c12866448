// Electron main process: the desktop face. Thin by design: in local mode the same core as the
// daemon, bound to IPC instead of HTTP; in remote mode a client of a daemon, with main forwarding
// the renderer's IPC calls so the token never reaches the page. Everything below this folder is
// tested through the daemon; this layer only runs where an Electron binary exists.
import { app, dialog, ipcMain, Notification } from 'electron';
import { HttpApiClient } from '../../../common/api/http-client.js';
import { errorMessage } from '../../../common/util/errors.js';
import { bindIpc } from '../../api/ipc/bind-ipc.js';
import { bindIpcRemote } from '../../api/ipc/bind-ipc-remote.js';
import { configFrom } from '../../cli/config-options.js';
import { createLogger } from '../../core/log.js';
import { rendererDir } from '../../daemon/paths.js';
import { startCore, type Core } from '../../daemon/start-core.js';
import { handleAppProtocol, isAppUrl, registerAppScheme } from './app-protocol.js';
import { electronDialogs } from './dialogs.js';
import { installMenu } from './menu.js';
import { NotifyLimiter } from './notify-limiter.js';
import { installTray } from './tray.js';
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
  const limiter = new NotifyLimiter(config.desktop.notifyMinScore);

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
  if (config.desktop.mode === 'remote') {
    bindIpcRemote(
      ipcMain,
      new HttpApiClient(config.desktop.remoteUrl!, () => config.desktop.remoteToken),
      isAppUrl,
      electronDialogs,
    );
  } else {
    try {
      core = await startCore(config, log, {
        onDetectorRun: (s) => {
          const { single, summary } = limiter.offer(s.anomalies, Date.now());
          for (const a of single)
            new Notification({
              title: `Anomaly ${a.score.toFixed(2)}: ${a.src_ip}`,
              body: a.reasons[0] ?? a.ja4,
            }).show();
          if (summary > 0)
            new Notification({
              title: `${summary} more anomalies`,
              body: 'Open the Anomalies queue to triage them.',
            }).show();
        },
      });
    } catch (err) {
      dialog.showErrorBox('ja4-workstation cannot start', errorMessage(err));
      app.exit(1);
      return;
    }
    // File operations (export, pcap, upload): IPC carries no streams, so main asks where.
    bindIpc(ipcMain, core.context, isAppUrl, log, electronDialogs);
  }
  const win = createMainWindow(config.dataDir);
  installMenu(() => win, 'https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/README.md');
  const health = core ? () => core!.context.health() : () => [];
  installTray(() => win, health);
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
}
