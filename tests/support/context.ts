// A HandlerContext over a real store for tests, so adding a part to the context touches one place.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { HandlerContext } from '../../main/api/context.js';
import { loadConfig } from '../../main/config/load.js';
import { DetectorService } from '../../main/detector/ops/service.js';
import { ImportJobs } from '../../main/domain/import/jobs.js';
import { LiveBuffer } from '../../main/domain/live/live-buffer.js';
import type { Store } from '../../main/storage/store.js';

export function testContext(store: Store, overrides: Partial<HandlerContext> = {}): HandlerContext {
  const dataDir = mkdtempSync(join(tmpdir(), 'ja4ws-ctx-'));
  return {
    ch: store.client,
    sqlConsole: { ch: store.isolatedClient, readonlyInQuery: true },
    version: 'test',
    startedAt: new Date(),
    health: () => [],
    sensors: () => ({
      captures: [],
      ingest: [],
      deadLetterWritten: 0,
      correlator: {},
      writers: [],
    }),
    live: new LiveBuffer(),
    imports: new ImportJobs(store, { ja4plus: true, log: pino({ level: 'silent' }) }),
    importDirs: [join(dataDir, 'imports')],
    detector: new DetectorService(store),
    config: loadConfig({ env: {}, flags: { dataDir } }),
    ...overrides,
  };
}
