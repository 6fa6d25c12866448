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
import { DetectorService, type RunSummary } from '../detector/ops/service.js';
import { hostname } from 'node:os';
import type { SensorsStatus } from '../../common/api/sensors.js';
import { DetectorLease } from '../fleet/detector-lease.js';
import { startHeartbeat, type Heartbeat } from '../fleet/heartbeat.js';
import { instanceId } from '../fleet/instance.js';
import { roleParts, sensorNameOf } from '../fleet/options.js';
import { startWindowSchedule, type WindowSchedule } from '../fleet/window-schedule.js';
import { toLiveEvent } from '../domain/live/to-live-event.js';
import { sensorsStatus } from '../domain/sensors/operations.js';
import { packetImportsDir } from '../domain/pcap/paths.js';
import { consoleEngineFor } from '../domain/sql-console/console-engine.js';
import { type Pipeline, startPipeline } from './pipeline.js';
import {
  closeTableWriters,
  openTableWriters,
  spooledOptions,
} from '../storage/writer/table-writers.js';
import { anomaliesOfRun } from '../outputs/from-run.js';
import { startOutputs } from '../outputs/outputs.js';
import {
  registerIngestMetrics,
  registerIntakeMetrics,
  registerPipelineMetrics,
} from './pipeline-metrics.js';

export interface Core {
  store: Store;
  /** Absent on a server without its own sensor (role server, fleet.serverSensor off). */
  pipeline: Pipeline | undefined;
  /** This process in the fleet ("<host>/<pid>/<random>"): detector lease holder, heartbeat. */
  instance: string;
  context: HandlerContext;
  metrics: ApiMetrics;
  /** Parts report their health here; the API reads it. */
  setHealth: (part: z.infer<typeof PartHealth>) => void;
  stop: () => Promise<void>;
}

/** A server without its own sensor: nothing captured or ingested here. */
const NO_SENSOR: SensorsStatus = {
  captures: [],
  ingest: [],
  deadLetterWritten: 0,
  correlator: {},
  writers: [],
};

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
  const role = roleParts(config);
  const instance = instanceId();
  let pipeline: Pipeline | undefined;
  try {
    if (role.pipeline) pipeline = await startPipeline(config, store, log);
  } catch (err) {
    await store.close();
    releaseDir();
    throw err;
  }
  const outputs = startOutputs(config.outputs, log);
  pipeline?.onEvent((e) => {
    if (e.kind === 'correlated') outputs.correlated(e.event);
  });
  const detector = new DetectorService(store);
  // One detector per store: every server daemon takes part in the window lease; one runs each
  // window (main/fleet/window-schedule.ts).
  let schedule: WindowSchedule | undefined;
  if (role.detector && config.detector.schedule) {
    schedule = startWindowSchedule({
      detector,
      lease: new DetectorLease(store, instance),
      options: config.detector,
      onRun: (r) => {
        if (r.summary) {
          hooks.onDetectorRun?.(r.summary);
          outputs.anomalies(anomaliesOfRun(r.summary));
        }
        log.info(
          {
            window: new Date(r.windowEnd).toISOString(),
            attempt: r.attempt,
            outcome: r.outcome,
            model: r.summary?.modelId,
            entities: r.summary?.entities,
            anomalies: r.summary?.anomalies.length,
          },
          'detector window run',
        );
      },
      onError: (err) =>
        log.info({ err: (err as Error).message }, 'detector schedule: tick skipped'),
    });
  }
  const sensorName = sensorNameOf(config);
  let heartbeat: Heartbeat | undefined;
  if (pipeline) {
    const p = pipeline;
    heartbeat = startHeartbeat(
      store,
      {
        sensor: sensorName,
        host: hostname(),
        instance,
        role: config.role,
        version,
        startedAt: Date.now(),
        interfaces: [...config.capture.interfaces],
      },
      { status: () => sensorsStatus(p), parts: () => p.parts() },
      {
        seconds: config.fleet.heartbeatSeconds,
        onError: (err) => log.debug({ err: (err as Error).message }, 'heartbeat not written'),
      },
    );
  }
  const sqlConsole = consoleEngineFor(config, store);
  const live = new LiveBuffer();
  pipeline?.onEvent((e) => live.push(toLiveEvent(e)));
  const metrics = createMetrics();
  if (pipeline) {
    const p = pipeline;
    registerPipelineMetrics(metrics.registry, p);
    registerIngestMetrics(metrics.registry, p);
    registerIntakeMetrics(metrics.registry, p);
    registerWriterMetrics(metrics.registry, () => p.writers());
  }
  registerDetectorMetrics(metrics.registry, detector);
  // Imports write through the pipeline's writers; a server without a sensor has writers for them.
  const ownWriters = pipeline
    ? undefined
    : openTableWriters(
        store,
        spooledOptions(config.dataDir, (m) => log.warn(m)),
      );
  const importWriters = pipeline?.tables ?? ownWriters!;
  const parts = new Map<string, z.infer<typeof PartHealth>>();
  parts.set('store', { name: 'store', state: 'ok', detail: store.describe });
  return {
    store,
    pipeline,
    instance,
    metrics,
    context: {
      ch: store.client,
      sqlConsole,
      version,
      startedAt: new Date(),
      health: () => [...parts.values(), ...(pipeline?.parts() ?? [])],
      sensors: () => ({
        ...(pipeline ? { sensor: sensorName, ...sensorsStatus(pipeline) } : NO_SENSOR),
        outputs: outputs.stats(),
      }),
      live,
      detector,
      config,
      imports: new ImportJobs(store, {
        ja4plus: config.fingerprints.ja4plus,
        log,
        packetRefsDir: packetImportsDir(config.dataDir),
        writers: importWriters,
      }),
      importDirs:
        config.import.dirs.length > 0 ? config.import.dirs : [join(config.dataDir, 'imports')],
    },
    setHealth: (part) => parts.set(part.name, part),
    // Inputs stop first and writers flush before the store closes: nothing accepted is lost.
    stop: async () => {
      // A window run in progress gets a moment to record itself; its lease covers the rest.
      await Promise.race([schedule?.stop(), new Promise((r) => setTimeout(r, 5_000).unref())]);
      try {
        await pipeline?.stop();
        if (ownWriters) await closeTableWriters(ownWriters);
        await outputs.close();
        await heartbeat?.stop();
      } finally {
        await sqlConsole.close();
        await store.close();
        releaseDir();
      }
    },
  };
}
