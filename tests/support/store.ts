// A fresh embedded store with every migration applied, in its own temporary directory: what most
// integration tests start from.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { openStore, type Store } from '../../main/storage/store.js';

export async function migratedStore(prefix: string): Promise<Store> {
  const store = await openStore({
    kind: 'embedded',
    dataDir: mkdtempSync(join(tmpdir(), prefix)),
  });
  await migrateUp(store);
  return store;
}
