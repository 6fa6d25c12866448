// What a handler may use. Handlers receive validated input and this context, and know nothing
// of the transport (IPC or HTTP) that carried the call.
import type { ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import type { PartHealth } from '../../common/api/health.js';
import type { SensorsStatus } from '../../common/api/sensors.js';
import type { LiveBuffer } from '../domain/live/live-buffer.js';
import type { ImportJobs } from '../domain/import/jobs.js';
import type { DetectorService } from '../detector/ops/service.js';
import type { Config } from '../config/schema.js';
import type { ConsoleEngine } from '../domain/sql-console/operations.js';

export interface HandlerContext {
  ch: ClickHouseClient;
  /** The SQL console's engine: a separate read-only user where the server has one (console-engine.ts). */
  sqlConsole: ConsoleEngine;
  version: string;
  startedAt: Date;
  health: () => z.infer<typeof PartHealth>[];
  sensors: () => SensorsStatus;
  live: LiveBuffer;
  imports: ImportJobs;
  /** Folders `import.start` may read from; uploads land in the first. */
  importDirs: string[];
  detector: DetectorService;
  /** The configuration this process started with. */
  config: Config;
}
