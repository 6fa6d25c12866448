// Files tsc does not emit but dist/ needs: the Electron preload (plain CommonJS by necessity).
import { copyFileSync, mkdirSync } from 'node:fs';

mkdirSync('dist/main/shell/electron', { recursive: true });
copyFileSync('main/shell/electron/preload.cjs', 'dist/main/shell/electron/preload.cjs');
