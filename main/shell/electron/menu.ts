// The application menu: the few commands a desktop user expects, nothing that reaches the web.
import { app, Menu, shell, type BrowserWindow } from 'electron';

export function installMenu(win: () => BrowserWindow | undefined, docsUrl: string): void {
  const isDev = !app.isPackaged;
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { label: 'File', submenu: [{ role: 'quit' }] },
      { label: 'Edit', submenu: [{ role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
      {
        label: 'View',
        submenu: [
          { role: 'reload' },
          ...(isDev ? [{ role: 'toggleDevTools' as const }] : []),
          { type: 'separator' },
          { role: 'resetZoom' },
          { role: 'zoomIn' },
          { role: 'zoomOut' },
          { role: 'togglefullscreen' },
        ],
      },
      {
        label: 'Help',
        submenu: [
          { label: 'Documentation', click: () => void shell.openExternal(docsUrl) },
          {
            label: 'Keyboard shortcuts',
            accelerator: 'Shift+/',
            click: () => win()?.webContents.sendInputEvent({ type: 'char', keyCode: '?' }),
          },
        ],
      },
    ]),
  );
}
