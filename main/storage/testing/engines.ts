// The storage suite runs against both engines: embedded (chDB in the test process) and remote
// (@clickhouse/client over HTTP to chdb-http-server in a child process).
import { openStore, type Store } from '../store.js';
import type { RetentionConfig } from '../config.js';
import { spawnEndpoint, type EndpointProcess } from './http-endpoint.js';
import { tempDir, uniqueDatabase } from './temp-dir.js';

export const ENGINES = ['embedded', 'remote'] as const;
export type Engine = (typeof ENGINES)[number];

export interface TestStores {
  open(options?: {
    migrationsDir?: string;
    retention?: RetentionConfig;
    database?: string;
  }): Promise<Store>;
  endpoint: EndpointProcess | undefined;
  closeAll(): Promise<void>;
}

/** One per test file and engine: one embedded data directory, or one endpoint child process. */
export async function testStores(engine: Engine): Promise<TestStores> {
  const opened: Store[] = [];
  const endpoint =
    engine === 'remote' ? await spawnEndpoint({ dataDir: tempDir('ja4ws-endpoint-') }) : undefined;
  const dataDir = tempDir();
  return {
    endpoint,
    async open(options = {}) {
      const common = { database: options.database ?? uniqueDatabase(), ...options };
      const store = endpoint
        ? await openStore({ kind: 'remote', url: endpoint.url, ...common })
        : await openStore({ kind: 'embedded', dataDir, ...common });
      opened.push(store);
      return store;
    },
    async closeAll() {
      for (const s of opened) await s.close();
      await endpoint?.stop();
    },
  };
}
