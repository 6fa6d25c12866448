// Electron's save and open dialogs as the IPC binding's FileDialogs (main/api/ipc/dialog-files.ts):
// the only Electron part of export, pcap download and upload in the desktop.
import { extname, join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { FileDialogs } from '../../api/ipc/dialog-files.js';

export const electronDialogs: FileDialogs = {
  async savePath(name) {
    const ext = extname(name).slice(1);
    const opts = {
      defaultPath: join(app.getPath('downloads'), name),
      ...(ext ? { filters: [{ name: ext, extensions: [ext] }] } : {}),
    };
    const owner = BrowserWindow.getFocusedWindow();
    const r = owner ? await dialog.showSaveDialog(owner, opts) : await dialog.showSaveDialog(opts);
    return r.canceled || !r.filePath ? undefined : r.filePath;
  },
  async openPaths() {
    const opts = {
      title: 'Import captures or logs',
      properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
      filters: [
        {
          name: 'Captures and logs',
          extensions: ['pcap', 'pcapng', 'cap', 'log', 'json', 'jsonl', 'gz'],
        },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const owner = BrowserWindow.getFocusedWindow();
    const r = owner ? await dialog.showOpenDialog(owner, opts) : await dialog.showOpenDialog(opts);
    return r.canceled ? [] : r.filePaths;
  },
};
