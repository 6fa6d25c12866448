// Initializer shared by both faces (daemon and desktop): the parts that own data. It opens and
// migrates the store and builds the context handlers run in; the face adds its transport.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { PartHealth } from '../../common/api/health.js';
import type { HandlerContext } from '../api/context.js';
import { type Config, storeConfigOf } from '../config/schema.js';
import type { Logger } from '../core/log.js';
import { type ApiMetrics, createMetrics } from '../core/metrics.js';
import { version } from '../core/version.js';
import { migrateUp } from '../storage/migrations/runner.js';
import { registerWriterMetrics } from '../storage/writer/metrics.js';
import { acquireDirLock } from '../storage/pid-lock.js';
import { openStore, type Store } from '../storage/store.js';
import { LiveBuffer } from '../domain/live/live-buffer.js';
import { ImportJobs } from '../domain/import/jobs.js';
import { registerDetectorMetrics } from '../detector/ops/metrics.js';
import { startDetectorSchedule } from '../detector/ops/scheduler.js';
import { DetectorService, type RunSummary } from '../detector/ops/service.js';
import { toLiveEvent } from '../domain/live/to-live-event.js';
import { sensorsStatus } from '../domain/sensors/operations.js';
import { packetImportsDir } from '../domain/pcap/paths.js';
import { consoleEngineFor } from '../domain/sql-console/console-engine.js';
import { type Pipeline, startPipeline } from './pipeline.js';
import {
  registerIngestMetrics,
  registerIntakeMetrics,
  registerPipelineMetrics,
} from './pipeline-metrics.js';

export interface Core {
  store: Store;
  pipeline: Pipeline;
  context: HandlerContext;
  metrics: ApiMetrics;
  /** Parts report their health here; the API reads it. */
  setHealth: (part: z.infer<typeof PartHealth>) => void;
  stop: () => Promise<void>;
}

export interface CoreHooks {
  /** Each finished detector run (the desktop turns new high scores into notifications). */
  onDetectorRun?: (summary: RunSummary) => void;
}

export async function startCore(config: Config, log: Logger, hooks: CoreHooks = {}): Promise<Core> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // The data directory (token, spool, sockets, settings) has one owner too, whatever the store:
  // the embedded store's lock alone would let two daemons on a remote store share a spool.
  const releaseDir = acquireDirLock(config.dataDir);
  let store: Store;
  try {
    store = await openStore(storeConfigOf(config));
  } catch (err) {
    releaseDir();
    throw err;
  }
  try {
    const migrated = await migrateUp(store, undefined, { ja4plus: config.fingerprints.ja4plus });
    if (migrated.applied.length > 0) log.info({ applied: migrated.applied }, 'migrations applied');
  } catch (err) {
    await store.close();
    releaseDir();
    throw err;
  }
  let pipeline: Pipeline;
  try {
    pipeline = await startPipeline(config, store, log);
  } catch (err) {
    await store.close();
    releaseDir();
    throw err;
  }
  const detector = new DetectorService(store);
  const schedule = startDetectorSchedule(detector, {
    onRun: (s) => {
      hooks.onDetectorRun?.(s);
      log.info(
        { model: s.modelId, entities: s.entities, anomalies: s.anomalies.length },
        'detector run',
      );
    },
    onError: (err) => log.info({ err: (err as Error).message }, 'detector run skipped'),
  });
  const sqlConsole = consoleEngineFor(config, store);
  const live = new LiveBuffer();
  pipeline.onEvent((e) => live.push(toLiveEvent(e)));
  const metrics = createMetrics();
  registerPipelineMetrics(metrics.registry, pipeline);
  registerIngestMetrics(metrics.registry, pipeline);
  registerIntakeMetrics(metrics.registry, pipeline);
  registerWriterMetrics(metrics.registry, () => pipeline.writers());
  registerDetectorMetrics(metrics.registry, detector);
  const parts = new Map<string, z.infer<typeof PartHealth>>();
  parts.set('store', { name: 'store', state: 'ok', detail: store.describe });
  return {
    store,
    pipeline,
    metrics,
    context: {
      ch: store.client,
      sqlConsole,
      version,
      startedAt: new Date(),
      health: () => [...parts.values(), ...pipeline.parts()],
      sensors: () => sensorsStatus(pipeline),
      live,
      detector,
      config,
      imports: new ImportJobs(store, {
        ja4plus: config.fingerprints.ja4plus,
        log,
        packetRefsDir: packetImportsDir(config.dataDir),
      }),
      importDirs:
        config.import.dirs.length > 0 ? config.import.dirs : [join(config.dataDir, 'imports')],
    },
    setHealth: (part) => parts.set(part.name, part),
    // Inputs stop first and writers flush before the store closes: nothing accepted is lost.
    stop: async () => {
      schedule.stop();
      try {
        await pipeline.stop();
      } finally {
        await sqlConsole.close();
        await store.close();
        releaseDir();
      }
    },
  };
}
